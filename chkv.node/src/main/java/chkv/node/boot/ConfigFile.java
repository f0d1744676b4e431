package chkv.node.boot;

import chkv.node.command.ConfigLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration file in redis.conf syntax: one directive a line, arguments split and quoted as
 * Redis splits them, {@code #} comments. The directives a DataNode knows are kept (the last of a
 * name wins, as in Redis); every other line is logged as ignored.
 */
final class ConfigFile {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFile.class);

    /** What a DataNode takes from a file. */
    static final Set<String> KNOWN = Set.of("port", "bind", "maxmemory", "maxmemory-policy", "maxmemory-samples",
            "requirepass", "timeout", "maxclients", "hz", "protected-mode", "client-output-buffer-limit");

    /** Redis directives that state what a DataNode is anyway: accepted when they say so, silently. */
    private static final Map<String, String> FACTS = Map.of("save", "", "appendonly", "no", "databases", "1");

    private final Path path;
    private final Map<String, List<String>> directives;

    private ConfigFile(Path path, Map<String, List<String>> directives) {
        this.path = path;
        this.directives = directives;
    }

    /**
     * @param path the file
     * @return its directives
     * @throws IllegalArgumentException when it cannot be read or a line has unbalanced quotes
     */
    static ConfigFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + path + ": " + e.getMessage(), e);
        }
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> args = ConfigLines.split(line);
            if (args == null) {
                throw new IllegalArgumentException("--config " + path + " line " + (i + 1) + ": " + line
                        + " (expected: balanced quotes)");
            }
            String name = args.getFirst().toLowerCase(Locale.ROOT);
            List<String> values = args.subList(1, args.size());
            if (KNOWN.contains(name)) {
                directives.put(name, List.copyOf(values));
            } else if (FACTS.containsKey(name) && String.join(" ", values).equals(FACTS.get(name))) {
                continue;
            } else {
                LOG.warn("{} line {}: ignored, a DataNode does not use it: {}", path, i + 1, line);
            }
        }
        return new ConfigFile(path, directives);
    }

    /** @return the file */
    Path path() {
        return path;
    }

    /** @return the single value of {@code name}, or {@code null} when the file does not set it */
    String value(String name) {
        List<String> values = directives.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() != 1 && !(name.equals("bind") && !values.isEmpty())) {
            throw new IllegalArgumentException("--config " + path + ": " + name + " " + String.join(" ", values)
                    + " (expected: one value)");
        }
        if (name.equals("bind") && values.size() > 1) {
            LOG.warn("{}: bind {}: a DataNode listens on one address, the first", path, String.join(" ", values));
        }
        // Redis's "-" before a bind address marks it optional; a DataNode's one address is required
        return name.equals("bind") ? values.getFirst().replaceFirst("^-", "") : values.getFirst();
    }

    /** @return all values of {@code name} joined by spaces, or {@code null} */
    String joined(String name) {
        List<String> values = directives.get(name);
        return values == null ? null : String.join(" ", values);
    }
}
