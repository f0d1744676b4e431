package chkv.node.command;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of {@code INFO}, in Redis 7.0's layout: {@code # Section} headers, {@code name:value}
 * lines ending in CRLF, sections separated by an empty line, in Redis's fixed order whatever
 * order they were asked in, with Redis's field names in Redis's order. Fields about what a
 * DataNode does not have (disk, replicas, forks, Lua) carry the values Redis shows without them.
 */
final class InfoReport {
    private InfoReport() {}

    /** Every section, in the order Redis prints them. */
    private static final List<String> ALL = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "cluster", "keyspace");

    /** What plain {@code INFO} prints: everything but the per-command statistics. */
    private static final List<String> DEFAULT = ALL.stream().filter(s -> !s.equals("commandstats")).toList();

    static String render(Call c, List<String> requested) {
        Set<String> wanted = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            wanted.addAll(DEFAULT);
        }
        for (String name : requested) {
            switch (name) {
                case "default" -> wanted.addAll(DEFAULT);
                case "all", "everything" -> wanted.addAll(ALL);
                default -> wanted.add(name);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String section : ALL) {
            if (!wanted.contains(section)) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("\r\n");
            }
            String title = section.equals("cpu") ? "CPU"
                    : Character.toUpperCase(section.charAt(0)) + section.substring(1);
            out.append("# ").append(title).append("\r\n");
            append(c, section, out);
        }
        return out.toString();
    }

    private static void append(Call c, String section, StringBuilder out) {
        ServerState s = c.server();
        Stats stats = s.stats();
        switch (section) {
            case "server" -> server(s, out);
            case "clients" -> {
                line(out, "connected_clients", s.clients().size());
                line(out, "cluster_connections", 0);
                line(out, "maxclients", s.clientLimits().maxClients());
                line(out, "client_recent_max_input_buffer", 0);
                line(out, "client_recent_max_output_buffer", 0);
                line(out, "blocked_clients", 0); // no command blocks
                line(out, "tracking_clients", 0);
                line(out, "clients_in_timeout_table", 0);
            }
            case "memory" -> InfoMemory.append(s, out);
            case "persistence" -> InfoPlaceholders.persistence(s, out);
            case "stats" -> InfoPlaceholders.stats(s, out);
            case "replication" -> InfoPlaceholders.replication(s, out);
            case "cpu" -> InfoMemory.cpu(out);
            case "commandstats" -> stats.appendCommandStats(out, c.table().allNames());
            case "errorstats" -> stats.appendErrorStats(out);
            case "cluster" -> line(out, "cluster_enabled", 0);
            case "keyspace" -> keyspace(s, out);
            default -> { } // "modules": none are loaded
        }
    }

    private static void server(ServerState s, StringBuilder out) {
        long now = s.clock().millis();
        Instant instant = s.clock().instant();
        long uptime = (now - s.startMillis()) / 1000;
        line(out, "redis_version", ConnectionCommands.REDIS_VERSION);
        line(out, "redis_git_sha1", "00000000");
        line(out, "redis_git_dirty", 0);
        line(out, "redis_build_id", "0");
        line(out, "redis_mode", "standalone");
        line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        line(out, "arch_bits", System.getProperty("os.arch", "").contains("64") ? 64 : 32);
        line(out, "monotonic_clock", "POSIX clock_gettime"); // what System.nanoTime reads on Linux
        line(out, "multiplexing_api", s.multiplexingApi());
        line(out, "atomicvar_api", "java-varhandle");
        line(out, "gcc_version", "0.0.0"); // Redis's value when not built by gcc
        line(out, "process_id", ProcessHandle.current().pid());
        line(out, "process_supervised", "no");
        line(out, "run_id", s.runId());
        line(out, "tcp_port", s.port());
        line(out, "server_time_usec", instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
        line(out, "uptime_in_seconds", uptime);
        line(out, "uptime_in_days", uptime / 86_400);
        line(out, "hz", s.effectiveHz());
        line(out, "configured_hz", s.configuredHz());
        line(out, "lru_clock", (now / 1000) & ((1 << 24) - 1)); // Redis's LRU_CLOCK_RESOLUTION of 1 s
        line(out, "executable", ProcessHandle.current().info().command().orElse(""));
        line(out, "config_file", s.configFile() == null ? "" : s.configFile().toAbsolutePath());
        line(out, "io_threads_active", 0);
        line(out, "chkv_store", s.storeName());
    }

    private static void keyspace(ServerState s, StringBuilder out) {
        long keys = s.store().size();
        if (keys == 0) {
            return; // Redis lists only databases that hold keys
        }
        // avg_ttl is an estimate, from the TTLs active expiry samples, as Redis's
        out.append("db0:keys=").append(keys).append(",expires=").append(s.store().expiringKeys())
                .append(",avg_ttl=").append(s.stats().avgTtl()).append("\r\n");
    }

    static void line(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = n / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }
}
