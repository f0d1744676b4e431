package chkv.node.command;

import static chkv.node.command.InfoReport.human;
import static chkv.node.command.InfoReport.line;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * INFO's memory and CPU sections, from the store's accounting and what Linux tells a process
 * about itself in {@code /proc}; off Linux the figures {@code /proc} gives are 0.
 */
final class InfoMemory {
    private InfoMemory() {}

    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc/self/stat}: 100 on every common platform. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final long PAGE_SIZE = 4096;

    static void append(ServerState s, StringBuilder out) {
        long used = s.store().memoryUsed();
        long peak = s.stats().peakMemory(used);
        long rss = residentBytes();
        long total = totalSystemMemory();
        long max = s.maxMemory();
        line(out, "used_memory", used);
        line(out, "used_memory_human", human(used));
        line(out, "used_memory_rss", rss);
        line(out, "used_memory_rss_human", human(rss));
        line(out, "used_memory_peak", peak);
        line(out, "used_memory_peak_human", human(peak));
        line(out, "used_memory_peak_perc", percent(used, peak));
        line(out, "used_memory_overhead", 0); // the store counts its index with the data
        line(out, "used_memory_startup", 0);
        line(out, "used_memory_dataset", used);
        line(out, "used_memory_dataset_perc", percent(used, used));
        line(out, "total_system_memory", total);
        line(out, "total_system_memory_human", human(total));
        line(out, "maxmemory", max);
        line(out, "maxmemory_human", human(max));
        line(out, "maxmemory_policy", s.policy().redisName());
        line(out, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        line(out, "mem_fragmentation_bytes", rss - used);
        line(out, "mem_not_counted_for_evict", 0);
        line(out, "mem_replication_backlog", 0);
        line(out, "mem_total_replication_buffers", 0);
        line(out, "mem_clients_slaves", 0);
        line(out, "mem_clients_normal", 0);
        line(out, "mem_cluster_links", 0);
        line(out, "mem_aof_buffer", 0);
        line(out, "mem_allocator", "chkv-" + s.storeName());
        line(out, "active_defrag_running", 0);
        line(out, "lazyfree_pending_objects", 0);
        line(out, "lazyfreed_objects", 0);
    }

    /** Redis's used_memory_peak_perc and used_memory_dataset_perc: two decimals and a percent sign. */
    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    static void cpu(StringBuilder out) {
        double[] times = cpuTimes();
        line(out, "used_cpu_sys", seconds(times[1]));
        line(out, "used_cpu_user", seconds(times[0]));
        line(out, "used_cpu_sys_children", seconds(times[3]));
        line(out, "used_cpu_user_children", seconds(times[2]));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }

    /**
     * @return user, system, children's user and children's system CPU seconds; without
     *     {@code /proc}, the process total as user time
     */
    static double[] cpuTimes() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in parentheses may hold spaces: count fields after its closing one
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 to 17 of proc(5), the 3rd field being f[0]
            return new double[] {Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND,
                Long.parseLong(f[13]) / TICKS_PER_SECOND, Long.parseLong(f[14]) / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            Duration cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
            return new double[] {cpu.toNanos() / 1e9, 0, 0, 0};
        }
    }

    /** @return the resident set size, from the second field of {@code /proc/self/statm} */
    static long residentBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long totalSystemMemory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return 0;
    }
}
