package chkv.node.command;

import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.List;

/** SLOWLOG GET, LEN, RESET and HELP, over the server's {@link SlowLog}. */
final class SlowLogCommands {
    private SlowLogCommands() {}

    static CommandSpec spec() {
        return CommandSpec.builder("slowlog", -2, "server")
                .doc("A container for slow log commands", "2.2.12", "Depends on subcommand.")
                .sub(sub("get", -2, "Get the slow log's entries", "O(N) where N is the number of entries returned")
                        .tips("request_policy:all_nodes", "nondeterministic_output")
                        .handler(SlowLogCommands::get))
                .sub(sub("len", 2, "Get the slow log's length", "O(1)")
                        .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output")
                        .handler(c -> Reply.integer(c.server().slowLog().length())))
                .sub(sub("reset", 2, "Clear all entries from the slow log",
                        "O(N) where N is the number of entries in the slowlog")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .handler(c -> {
                            c.server().slowLog().reset();
                            return Reply.OK;
                        }))
                .sub(Help.spec("slowlog", "server", List.of(
                        "GET [<count>]",
                        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                        "    Entries are made of:",
                        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                        "    client name",
                        "LEN",
                        "    Return the length of the slowlog.",
                        "RESET",
                        "    Reset the slowlog.")))
                .container();
    }

    private static CommandSpec.Builder sub(String name, int arity, String summary, String complexity) {
        return CommandSpec.builder("slowlog|" + name, arity, "server").flags(ADMIN, LOADING, STALE)
                .doc(summary, "2.2.12", complexity);
    }

    private static Reply get(Call c) {
        if (c.argc() > 3) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '" + c.text(1)
                    + "'. Try SLOWLOG HELP.");
        }
        long count = 10;
        if (c.argc() == 3) {
            String range = "ERR count should be greater than or equal to -1";
            count = Call.parseLong(c.arg(2), range);
            if (count < -1) {
                throw new RedisException(range);
            }
        }
        return c.server().slowLog().newest(count);
    }
}
