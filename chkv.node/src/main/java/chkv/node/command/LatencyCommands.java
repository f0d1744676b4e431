package chkv.node.command;

import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.List;

/**
 * LATENCY as Redis answers it with latency monitoring off ({@code latency-monitor-threshold 0}):
 * a DataNode has no latency monitor, so no event is ever recorded.
 */
final class LatencyCommands {
    private LatencyCommands() {}

    /** Redis's createLatencyReport when monitoring is disabled. */
    static final String DOCTOR = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
            + "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. "
            + "If we weren't in a deep space mission I'd suggest to take a look at "
            + "https://redis.io/topics/latency-monitor.\n";

    static CommandSpec spec() {
        return CommandSpec.builder("latency", -2, "server")
                .doc("A container for latency diagnostics commands", "2.8.13", "Depends on subcommand.")
                .sub(sub("doctor", 2, "Return a human readable latency analysis report.")
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                        .handler(c -> new Reply.Verbatim(DOCTOR)))
                .sub(sub("graph", 3, "Return a latency graph for the event.")
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                        .handler(c -> {
                            throw new RedisException("ERR No samples available for event '" + c.text(2) + "'");
                        }))
                .sub(sub("history", 3, "Return timestamp-latency samples for the event.")
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                        .handler(c -> Reply.EMPTY_ARRAY))
                .sub(sub("latest", 2, "Return the latest latency samples for all events.")
                        .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                        .handler(c -> Reply.EMPTY_ARRAY))
                .sub(sub("reset", -2, "Reset latency data for one or more events.")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .handler(c -> Reply.ZERO))
                .sub(Help.spec("latency", "server", List.of(
                        "DOCTOR",
                        "    Return a human readable latency analysis report.",
                        "GRAPH <event>",
                        "    Return an ASCII latency graph for the <event> class.",
                        "HISTORY <event>",
                        "    Return time-latency samples for the <event> class.",
                        "LATEST",
                        "    Return the latest latency samples for all events.",
                        "RESET [<event> ...]",
                        "    Reset latency data of one or more <event> classes.",
                        "    (default: reset all data for all event classes)")))
                .container();
    }

    private static CommandSpec.Builder sub(String name, int arity, String summary) {
        return CommandSpec.builder("latency|" + name, arity, "server").flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .doc(summary, "2.8.13", "O(1)");
    }
}
