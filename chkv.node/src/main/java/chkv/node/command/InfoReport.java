package chkv.node.command;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of {@code INFO}, in Redis's layout: {@code # Section} headers, {@code name:value}
 * lines ending in CRLF, sections separated by an empty line, in Redis's fixed order whatever
 * order they were asked in. Only fields CHKV can measure are printed.
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
            case "server" -> {
                long now = s.clock().millis();
                Instant instant = s.clock().instant();
                long uptime = (now - s.startMillis()) / 1000;
                line(out, "redis_version", ConnectionCommands.REDIS_VERSION);
                line(out, "redis_mode", "standalone");
                line(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version")
                        + " " + System.getProperty("os.arch"));
                line(out, "arch_bits", System.getProperty("os.arch", "").contains("64") ? 64 : 32);
                line(out, "multiplexing_api", s.multiplexingApi());
                line(out, "process_id", ProcessHandle.current().pid());
                line(out, "run_id", s.runId());
                line(out, "tcp_port", s.port());
                line(out, "server_time_usec", instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000);
                line(out, "uptime_in_seconds", uptime);
                line(out, "uptime_in_days", uptime / 86_400);
                line(out, "hz", ServerState.HZ);
                line(out, "configured_hz", ServerState.HZ);
                line(out, "chkv_store", s.storeName());
            }
            case "clients" -> {
                line(out, "connected_clients", s.clients().size());
                line(out, "blocked_clients", 0); // no command blocks
            }
            case "memory" -> {
                long used = s.store().memoryUsed();
                line(out, "used_memory", used);
                line(out, "used_memory_human", human(used));
                line(out, "maxmemory", s.maxMemory());
                line(out, "maxmemory_human", human(s.maxMemory()));
                line(out, "maxmemory_policy", s.policy().redisName());
            }
            case "persistence" -> {
                // a DataNode keeps nothing on disk: there is never anything loading or saving
                line(out, "loading", 0);
                line(out, "async_loading", 0);
                line(out, "rdb_bgsave_in_progress", 0);
                line(out, "aof_enabled", 0);
                line(out, "aof_rewrite_in_progress", 0);
            }
            case "stats" -> {
                line(out, "total_connections_received", stats.connectionsReceived.sum());
                line(out, "total_commands_processed", stats.commandsProcessed.sum());
                line(out, "expired_keys", stats.expiredKeys.sum());
                line(out, "keyspace_hits", stats.keyspaceHits.sum());
                line(out, "keyspace_misses", stats.keyspaceMisses.sum());
                line(out, "total_error_replies", stats.errorReplies.sum());
            }
            case "replication" -> {
                line(out, "role", "master");
                line(out, "connected_slaves", 0);
            }
            case "cpu" -> {
                // the JDK's base module measures only the process total, not sys and user apart
                Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
                line(out, "used_cpu_total", String.format(Locale.ROOT, "%.6f", cpu.toNanos() / 1e9));
            }
            case "commandstats" -> stats.appendCommandStats(out, c.table().allNames());
            case "errorstats" -> stats.appendErrorStats(out);
            case "cluster" -> line(out, "cluster_enabled", 0);
            case "keyspace" -> keyspace(s, out);
            default -> { } // "modules": none are loaded
        }
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

    private static void line(StringBuilder out, String name, Object value) {
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
