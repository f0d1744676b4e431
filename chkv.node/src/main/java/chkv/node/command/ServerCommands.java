package chkv.node.command;

import static chkv.node.command.AclCategory.DANGEROUS;
import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.STALE;

import chkv.api.Glob;
import chkv.api.Reply;
import chkv.api.spi.ClientLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** TIME, INFO and CONFIG GET. */
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
                CommandSpec.builder("config", -2, "server")
                        .doc("A container for server configuration commands", "2.0.0", "Depends on subcommand.")
                        .sub(CommandSpec.builder("config|get", -3, "server").flags(ADMIN, NOSCRIPT, LOADING, STALE)
                                .doc("Get the values of configuration parameters", "2.0.0",
                                        "O(N) when N is the number of configuration parameters provided")
                                .handler(ServerCommands::configGet))
                        .sub(Help.spec("config", "server", List.of(
                                "GET <pattern>",
                                "    Return parameters matching the glob-like <pattern> and their values.")))
                        .container());
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

    /** The parameters clients ask for; CHKV keeps nothing on disk and has one database. */
    private static Map<String, String> config(Call c) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("maxmemory", Long.toString(c.server().maxMemory()));
        params.put("maxmemory-policy", c.server().policy().redisName());
        params.put("save", "");
        params.put("appendonly", "no");
        params.put("databases", "1");
        params.put("port", Integer.toString(c.server().port()));
        ClientLimits limits = c.server().clientLimits();
        params.put("maxclients", Integer.toString(limits.maxClients()));
        params.put("timeout", Long.toString(limits.idleTimeoutMillis() / 1000));
        // the classes other than normal are Redis's defaults: CHKV has no replicas or pub/sub clients
        params.put("client-output-buffer-limit", "normal " + limits.outputHardBytes() + " "
                + limits.outputSoftBytes() + " " + limits.outputSoftMillis() / 1000
                + " slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        return params;
    }

    private static Reply configGet(Call c) {
        Map<String, String> params = config(c);
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < c.argc(); i++) {
            byte[] pattern = c.text(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
            params.forEach((name, value) -> {
                if (Glob.matches(pattern, name.getBytes(StandardCharsets.US_ASCII))) {
                    matched.put(name, value);
                }
            });
        }
        List<Reply> items = new ArrayList<>();
        matched.forEach((name, value) -> {
            items.add(Reply.bulk(name));
            items.add(Reply.bulk(value));
        });
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, items);
    }
}
