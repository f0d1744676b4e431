package chkv.node.boot;

import chkv.node.command.Config;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Fills the DataNode's options from a configuration file, except those given on the command line. */
final class ConfigFileOptions {
    private final ConfigFile file;
    private final Predicate<String> given;

    /**
     * @param file the file's directives
     * @param given whether an option (such as {@code --port}) was given on the command line
     */
    ConfigFileOptions(ConfigFile file, Predicate<String> given) {
        this.file = file;
        this.given = given;
    }

    void applyTo(DataNodeCommand c) {
        set("port", v -> c.port = (int) integer("port", v, 0, 65535));
        set("bind", v -> c.bind = v);
        set("maxmemory", v -> {
            long bytes = Config.parseMemory(v);
            if (bytes < 0) {
                throw invalid("maxmemory", v, "a memory value such as 100mb");
            }
            c.maxMemory = bytes;
        });
        set("maxmemory-policy", v -> c.policy = v);
        set("maxmemory-samples", v -> c.samples = (int) integer("maxmemory-samples", v, 1, Integer.MAX_VALUE));
        set("requirepass", v -> c.requirePass = v);
        set("timeout", v -> c.timeoutSeconds = integer("timeout", v, 0, Integer.MAX_VALUE));
        set("maxclients", v -> c.maxClients = (int) integer("maxclients", v, 1, Integer.MAX_VALUE));
        set("hz", v -> c.hz = (int) integer("hz", v, 0, Integer.MAX_VALUE));
        set("protected-mode", v -> c.protectedMode = v);
        if (!given.test("--client-output-buffer-limit") && file.joined("client-output-buffer-limit") != null) {
            c.outputLimit = new OutputBufferLimit().convert(file.joined("client-output-buffer-limit"));
        }
    }

    private void set(String directive, Consumer<String> setter) {
        String value = file.value(directive);
        if (value != null && !given.test("--" + directive)) {
            setter.accept(value);
        }
    }

    private long integer(String directive, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw invalid(directive, value, "an integer from " + min + " to " + max);
    }

    private IllegalArgumentException invalid(String directive, String value, String expected) {
        return new IllegalArgumentException("--config " + file.path() + ": " + directive + " " + value
                + " (expected: " + expected + ")");
    }
}
