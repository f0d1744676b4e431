package chkv.bench;

import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Measures the longest single {@code set()} while one thread loads a store from empty, the
 * stall a table resize costs every other client of that segment. Keys are {@code key:%012d}
 * (16 bytes), values 32 bytes; the store starts unsized, as a node starts it.
 *
 * <p>Usage: {@code PauseProbe <heap|offheap> [keys]}; prints one line of {@code name=value}
 * pairs: the worst pause, the key count when it happened, and the 99.99th percentile.
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
                    warm.set(MemoryProbe.key(key, i), value, SetOptions.PLAIN);
                }
            }
        }

        // a histogram of pauses in microseconds, so 10M timings cost no garbage
        long[] histogram = new long[1 << 20];
        long worst = 0;
        int worstAt = 0;
        try (Store store = StoreBenchmark.provider(name).create(StoreConfig.of(InstantSource.system()))) {
            long start = System.nanoTime();
            for (int i = 0; i < keys; i++) {
                MemoryProbe.key(key, i);
                long t0 = System.nanoTime();
                store.set(key, value, SetOptions.PLAIN);
                long took = System.nanoTime() - t0;
                histogram[(int) Math.min(histogram.length - 1, took / 1_000)]++;
                if (took > worst) {
                    worst = took;
                    worstAt = i;
                }
            }
            long total = System.nanoTime() - start;
            if (store.size() != keys) {
                throw new IllegalStateException("size: " + store.size() + " (expected: " + keys + ")");
            }
            System.out.printf("store=%s keys=%d worst_set_ms=%.3f worst_at_key=%d p9999_set_us=%d load_s=%.1f%n",
                    name, keys, worst / 1e6, worstAt, percentile(histogram, keys, 0.9999), total / 1e9);
        }
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
