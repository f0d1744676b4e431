package chkv.node.command;

import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.STALE;

import chkv.api.Glob;
import chkv.api.RedisException;
import chkv.api.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CONFIG GET, SET, RESETSTAT and REWRITE over the parameters of {@link Config}. */
final class ConfigCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCommands.class);

    private ConfigCommands() {}

    static CommandSpec spec() {
        return CommandSpec.builder("config", -2, "server")
                .doc("A container for server configuration commands", "2.0.0", "Depends on subcommand.")
                .sub(sub("get", -3, "Get the values of configuration parameters", "2.0.0",
                        "O(N) when N is the number of configuration parameters provided")
                        .handler(ConfigCommands::get))
                .sub(sub("set", -4, "Set configuration parameters to the given values", "2.0.0",
                        "O(N) when N is the number of configuration parameters provided")
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .handler(ConfigCommands::set))
                .sub(sub("resetstat", 2, "Reset the stats returned by INFO", "2.0.0", "O(1)")
                        .handler(c -> {
                            c.server().stats().reset();
                            return Reply.OK;
                        }))
                .sub(sub("rewrite", 2, "Rewrite the configuration file with the in memory configuration", "2.8.0",
                        "O(1)").handler(ConfigCommands::rewrite))
                .sub(Help.spec("config", "server", List.of(
                        "GET <pattern>",
                        "    Return parameters matching the glob-like <pattern> and their values.",
                        "SET <directive> <value>",
                        "    Set the configuration <directive> to <value>.",
                        "RESETSTAT",
                        "    Reset statistics reported by the INFO command.",
                        "REWRITE",
                        "    Rewrite the configuration file.")))
                .container();
    }

    private static CommandSpec.Builder sub(String name, int arity, String summary, String since, String complexity) {
        return CommandSpec.builder("config|" + name, arity, "server").flags(ADMIN, NOSCRIPT, LOADING, STALE)
                .doc(summary, since, complexity);
    }

    private static Reply get(Call c) {
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < c.argc(); i++) {
            byte[] pattern = c.text(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
            for (Config.Param p : Config.params()) {
                if (Glob.matches(pattern, p.name().getBytes(StandardCharsets.US_ASCII))) {
                    matched.put(p.name(), p.get().apply(c.server()));
                }
            }
        }
        List<Reply> items = new ArrayList<>();
        matched.forEach((name, value) -> {
            items.add(Reply.bulk(name));
            items.add(Reply.bulk(value.getBytes(StandardCharsets.ISO_8859_1)));
        });
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, items);
    }

    /** Redis's configSetCommand: every name is checked, then every value parsed, then all are applied. */
    private static Reply set(Call c) {
        if ((c.argc() & 1) != 0) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        int n = (c.argc() - 2) / 2;
        List<Config.Param> params = new ArrayList<>();
        String failedName = null;
        String reason = null; // the first problem wins, as in Redis
        for (int i = 0; i < n; i++) {
            String name = c.text(2 + 2 * i);
            Config.Param p = Config.lookup(name);
            if (failedName == null) {
                if (p == null) {
                    throw new RedisException("ERR Unknown option or number of arguments for CONFIG SET - '"
                            + name + "'");
                } else if (p.immutable()) {
                    failedName = name;
                    reason = "can't set immutable config";
                } else if (params.contains(p)) {
                    failedName = name;
                    reason = "duplicate parameter";
                }
            }
            params.add(p);
        }
        if (failedName != null) {
            throw failed(failedName, reason);
        }
        ServerState server = c.server();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                values.add(params.get(i).parse().parse(server, c.text(3 + 2 * i)));
            } catch (Config.Invalid e) {
                throw failed(params.get(i).name(), e.getMessage());
            }
        }
        apply(server, params, values);
        return Reply.OK;
    }

    /** Applies all values, or none: a value that fails to apply restores the ones applied before it. */
    private static void apply(ServerState server, List<Config.Param> params, List<Object> values) {
        List<String> before = params.stream().map(p -> p.get().apply(server)).toList();
        for (int i = 0; i < params.size(); i++) {
            try {
                params.get(i).apply().apply(server, values.get(i));
            } catch (RuntimeException e) {
                LOG.warn("Failed applying new configuration. Possibly related to new {} setting. "
                        + "Restoring previous settings.", params.get(i).name(), e);
                for (int j = i - 1; j >= 0; j--) {
                    Config.Param p = params.get(j);
                    p.apply().apply(server, p.parse().parse(server, before.get(j)));
                }
                throw failed(params.get(i).name(), null);
            }
        }
    }

    private static RedisException failed(String name, String reason) {
        return new RedisException("ERR CONFIG SET failed (possibly related to argument '" + name + "')"
                + (reason == null ? "" : " - " + reason));
    }

    private static Reply rewrite(Call c) {
        Path file = c.server().configFile();
        if (file == null) {
            throw new RedisException("ERR The server is running without a config file");
        }
        try {
            ConfigRewrite.rewrite(file, c.server());
        } catch (IOException e) {
            LOG.warn("CONFIG REWRITE failed: {}", e.toString());
            throw new RedisException("ERR Rewriting config file: " + reasonOf(e));
        }
        LOG.info("CONFIG REWRITE executed with success.");
        return Reply.OK;
    }

    private static String reasonOf(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
