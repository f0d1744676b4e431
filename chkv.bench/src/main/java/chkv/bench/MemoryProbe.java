package chkv.bench;

import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * Measures the resident memory this process gains from loading a store: VmRSS (as the kernel
 * reports it in {@code /proc/self/status}) after a GC before loading, and again after loading
 * and a GC. Keys are {@code key:%012d} (16 bytes), values 100 bytes, as {@code bench/memory.sh}
 * loads into Redis.
 *
 * <p>Usage: {@code MemoryProbe <heap|offheap> [keys]}; prints one line of {@code name=value}
 * pairs.
 */
public final class MemoryProbe {
    private static final int VALUE_BYTES = 100;
    private static final int WARM_UP_KEYS = 2_000;

    private MemoryProbe() {}

    /**
     * @param args the store's name and optionally the number of keys (1,000,000 by default)
     * @throws Exception when {@code /proc} cannot be read or the GC wait is interrupted
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("arguments: " + Arrays.toString(args) + " (expected: <heap|offheap> [keys])");
        }
        String name = args[0];
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        byte[] key = new byte[16];
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');

        // compile the write path first on a throwaway store, so JIT code is part of the baseline
        try (Store warm = StoreBenchmark.provider(name).create(StoreConfig.of(InstantSource.system()))) {
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < WARM_UP_KEYS; i++) {
                    warm.set(key(key, i), value, SetOptions.PLAIN);
                }
                warm.clear();
            }
        }
        settle();
        long before = rssKb();

        Store store = StoreBenchmark.provider(name).create(StoreConfig.of(InstantSource.system()));
        for (int i = 0; i < keys; i++) {
            store.set(key(key, i), value, SetOptions.PLAIN); // the store copies: one key array serves all
        }
        settle();
        long after = rssKb();
        if (store.size() != keys) {
            throw new IllegalStateException("size: " + store.size() + " (expected: " + keys + ")");
        }
        System.out.printf("store=%s keys=%d rss_before_kb=%d rss_after_kb=%d bytes_per_key=%.1f memory_used_per_key=%.1f%n",
                name, keys, before, after, (after - before) * 1024.0 / keys, store.memoryUsed() / (double) keys);
        Reference.reachabilityFence(store);
        store.close();
    }

    /** Writes {@code key:%012d} of {@code i} into {@code key}, without garbage. */
    static byte[] key(byte[] key, int i) {
        key[0] = 'k';
        key[1] = 'e';
        key[2] = 'y';
        key[3] = ':';
        for (int p = 15, n = i; p >= 4; p--, n /= 10) {
            key[p] = (byte) ('0' + n % 10);
        }
        return key;
    }

    /** Collects twice and waits briefly, so the heap has shrunk and freed pages are gone from RSS. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
            Thread.sleep(300);
        }
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status: no VmRSS line (expected: a Linux kernel)");
    }
}
