package chkv.bench;

import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the longest single {@code set()} while one thread loads a store from empty, the
 * stall a table resize costs every other client of that segment. Keys are {@code key:%012d}
 * (16 bytes), values 32 bytes; the store starts unsized, as a node starts it.
 *
 * <p>A garbage collection that lands in a call is the collector's pause, not the store's: the
 * worst call during which no collection ran is reported too. On a shared machine the scheduler
 * stalls a call too, so the probe also reports the most CPU time the loading thread spent in one
 * call: the store's own work (a resize, above all), which neither collections nor preemption
 * inflate.
 *
 * <p>Usage: {@code PauseProbe <heap|offheap> [keys]}; prints one line of {@code name=value}
 * pairs: the worst call, the worst call without a collection in it, the key count when each
 * happened, and the 99.99th percentile.
 */
public final class PauseProbe {
    private static final int VALUE_BYTES = 32;
    private static final int WARM_UP_KEYS = 200_000;

    private PauseProbe() {}

    /**
     * @param args the store's name and optionally the number of keys (10,000,000 by default)
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("arguments: " + Arrays.toString(args) + " (expected: <heap|offheap> [keys])");
        }
        String name = args[0];
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        byte[] key = new byte[16];
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');

        // compile the write path, resizes included, before anything is timed
        for (int round = 0; round < 3; round++) {
            try (Store warm = StoreBenchmark.provider(name).create(StoreConfig.of(InstantSource.system()))) {
                for (int i = 0; i < WARM_UP_KEYS; i++) {
                    warm.set(key(key, i), value, SetOptions.PLAIN);
                }
            }
        }

        // a histogram of pauses in microseconds, so 10M timings cost no garbage
        long[] histogram = new long[1 << 20];
        long worst = 0;
        int worstAt = 0;
        long worstWithoutGc = 0;
        int worstWithoutGcAt = 0;
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long worstCpu = 0;
        int worstCpuAt = 0;
        try (Store store = StoreBenchmark.provider(name).create(StoreConfig.of(InstantSource.system()))) {
            long start = System.nanoTime();
            for (int i = 0; i < keys; i++) {
                key(key, i);
                long gcs = collections(collectors);
                long cpu0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                store.set(key, value, SetOptions.PLAIN);
                long took = System.nanoTime() - t0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                if (cpu > worstCpu) {
                    worstCpu = cpu;
                    worstCpuAt = i;
                }
                histogram[(int) Math.min(histogram.length - 1, took / 1_000)]++;
                if (took > worst) {
                    worst = took;
                    worstAt = i;
                }
                if (took > worstWithoutGc && collections(collectors) == gcs) {
                    worstWithoutGc = took;
                    worstWithoutGcAt = i;
                }
            }
            long total = System.nanoTime() - start;
            if (store.size() != keys) {
                throw new IllegalStateException("size: " + store.size() + " (expected: " + keys + ")");
            }
            System.out.printf("store=%s keys=%d worst_set_ms=%.3f worst_at_key=%d worst_set_without_gc_ms=%.3f"
                    + " worst_without_gc_at_key=%d worst_set_cpu_ms=%.3f worst_cpu_at_key=%d p9999_set_us=%d load_s=%.1f%n",
                    name, keys, worst / 1e6, worstAt, worstWithoutGc / 1e6, worstWithoutGcAt, worstCpu / 1e6, worstCpuAt,
                    percentile(histogram, keys, 0.9999), total / 1e9);
        }
    }

    /** Writes {@code key:%012d} of {@code i} into {@code key}, without garbage. */
    private static byte[] key(byte[] key, int i) {
        key[0] = 'k';
        key[1] = 'e';
        key[2] = 'y';
        key[3] = ':';
        for (int p = 15, n = i; p >= 4; p--, n /= 10) {
            key[p] = (byte) ('0' + n % 10);
        }
        return key;
    }

    private static long collections(List<GarbageCollectorMXBean> collectors) {
        long n = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            n += gc.getCollectionCount();
        }
        return n;
    }

    private static long percentile(long[] histogram, long count, double p) {
        long wanted = (long) Math.ceil(count * p);
        long seen = 0;
        for (int us = 0; us < histogram.length; us++) {
            seen += histogram[us];
            if (seen >= wanted) {
                return us;
            }
        }
        return histogram.length;
    }
}
