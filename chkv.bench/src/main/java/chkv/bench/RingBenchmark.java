package chkv.bench;

import chkv.api.spi.HashFunction;
import chkv.ring.Ring;
import chkv.ring.RingBuilder;
import chkv.ring.hash.Murmur3Provider;
import chkv.ring.hash.XxHash64Provider;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key-to-owner lookups per second on a 100-node ring at the default vnode count. Keys cycle
 * through a set far larger than the CPU caches' share of the ring, so lookups miss as they would
 * under real traffic.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseCompactObjectHeaders", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class RingBenchmark {

    private static final int NODES = 100;
    private static final int KEYS = 1 << 16;

    /** The hash function, by its configuration name. */
    @Param({"murmur3", "xxhash64"})
    public String hash;

    /** Virtual nodes per node: the ring's default unless overridden with {@code -p vnodes=...}. */
    @Param({"" + Ring.DEFAULT_VNODES})
    public int vnodes;

    private Ring ring;
    private byte[][] keys;
    private long[] positions;

    /** A per-thread cursor over the keys, so threads do not contend on a shared counter. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next() {
            return next++ & (KEYS - 1);
        }
    }

    /** Builds the ring and the keys (a provider created directly: the class path has no providers). */
    @Setup(Level.Trial)
    public void setUp() {
        HashFunction function = switch (hash) {
            case "murmur3" -> new Murmur3Provider().create();
            case "xxhash64" -> new XxHash64Provider().create();
            default -> throw new IllegalArgumentException("hash: " + hash + " (expected: murmur3, xxhash64)");
        };
        RingBuilder builder = Ring.builder(function).vnodes(vnodes);
        for (int i = 0; i < NODES; i++) {
            builder.node("10.0." + (i / 250) + "." + (i % 250 + 1) + ":7380");
        }
        ring = builder.build();
        SplittableRandom random = new SplittableRandom(42);
        keys = new byte[KEYS][];
        positions = new long[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            positions[i] = function.position(keys[i]);
        }
    }

    /** A key's owner: hash (hash tag scan included) plus binary search. */
    @Benchmark
    public String owner(Cursor cursor) {
        return ring.owner(keys[cursor.next()]);
    }

    /** A position's owner: the binary search alone. */
    @Benchmark
    public String ownerOfPosition(Cursor cursor) {
        return ring.ownerOf(positions[cursor.next()]);
    }

    /** A key's three replicas: what a database-mode write consults. */
    @Benchmark
    public List<String> preferenceList3(Cursor cursor) {
        return ring.preferenceList(keys[cursor.next()], 3);
    }
}
