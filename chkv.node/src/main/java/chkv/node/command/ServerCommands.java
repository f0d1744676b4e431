package chkv.node.command;

import static chkv.node.command.AclCategory.DANGEROUS;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.STALE;

import chkv.api.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** TIME and INFO, with CONFIG, SHUTDOWN and LATENCY from their own classes. */
final class ServerCommands {
    private ServerCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("time", 1, "server").flags(LOADING, STALE, FAST)
                        .doc("Return the current server time", "2.6.0", "O(1)")
                        .tips("nondeterministic_output").handler(ServerCommands::time),
                CommandSpec.builder("info", -1, "server").flags(LOADING, STALE).acl(DANGEROUS)
                        .doc("Get information and statistics about the server", "1.0.0", "O(1)")
                        .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                        .handler(c -> new Reply.Verbatim(InfoReport.render(c, sections(c)))),
                ConfigCommands.spec(),
                ShutdownCommand.spec(),
                LatencyCommands.spec());
    }

    private static Reply time(Call c) {
        Instant now = c.server().clock().instant();
        return new Reply.Array(List.of(Reply.bulk(Long.toString(now.getEpochSecond())),
                Reply.bulk(Long.toString(now.getNano() / 1000))));
    }

    private static List<String> sections(Call c) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.argc(); i++) {
            names.add(c.text(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
