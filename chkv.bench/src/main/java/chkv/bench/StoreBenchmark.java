package chkv.bench;

import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;
import chkv.store.heap.HeapStoreProvider;
import chkv.store.offheap.OffHeapStoreProvider;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GET and SET per second on each store, pre-filled with 100,000 keys of 16 bytes and values of
 * 100 bytes (redis-benchmark's {@code -d 100} shape), with one and with two threads. Each thread
 * walks the keys in its own random order, so reads miss the caches as real traffic does.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseCompactObjectHeaders", "--sun-misc-unsafe-memory-access=allow",
    "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class StoreBenchmark {

    private static final int KEYS = 100_000;
    private static final int VALUE_BYTES = 100;

    /** The store, by its provider name. */
    @Param({"heap", "offheap"})
    public String store;

    private Store target;
    private byte[][] keys;
    private byte[] value;

    /** A per-thread position in a random permutation of the keys, so threads never share a counter. */
    @State(Scope.Thread)
    public static class Cursor {
        private int[] order;
        private int next;

        /** Shuffles this thread's key order. */
        @Setup(Level.Trial)
        public void shuffle() {
            SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
            order = new int[KEYS];
            for (int i = 0; i < KEYS; i++) {
                int j = random.nextInt(i + 1);
                order[i] = order[j];
                order[j] = i;
            }
        }

        int next() {
            int i = order[next];
            next = next + 1 == KEYS ? 0 : next + 1;
            return i;
        }
    }

    /** @return the provider named {@code name}; on the class path {@code provides} is ignored, so they are created directly */
    static StoreProvider provider(String name) {
        return switch (name) {
            case "heap" -> new HeapStoreProvider();
            case "offheap" -> new OffHeapStoreProvider();
            default -> throw new IllegalArgumentException("store: " + name + " (expected: heap or offheap)");
        };
    }

    /** Creates the store and fills it. */
    @Setup(Level.Trial)
    public void fill() {
        target = provider(store).create(StoreConfig.of(InstantSource.system()));
        keys = new byte[KEYS][];
        value = new byte[VALUE_BYTES];
        new SplittableRandom(1).nextBytes(value);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
            target.set(keys[i], value, SetOptions.PLAIN);
        }
    }

    /** Releases the store. */
    @TearDown(Level.Trial)
    public void close() {
        target.close();
    }

    /** @return GET of an existing key, one thread */
    @Benchmark
    @Threads(1)
    public byte[] get1(Cursor cursor) {
        return target.get(keys[cursor.next()]);
    }

    /** @return GET of an existing key, two threads */
    @Benchmark
    @Threads(2)
    public byte[] get2(Cursor cursor) {
        return target.get(keys[cursor.next()]);
    }

    /** @return SET of an existing key to a same-sized value, one thread */
    @Benchmark
    @Threads(1)
    public Store.SetResult set1(Cursor cursor) {
        return target.set(keys[cursor.next()], value, SetOptions.PLAIN);
    }

    /** @return SET of an existing key to a same-sized value, two threads */
    @Benchmark
    @Threads(2)
    public Store.SetResult set2(Cursor cursor) {
        return target.set(keys[cursor.next()], value, SetOptions.PLAIN);
    }
}
