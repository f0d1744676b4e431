package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.RedisException;
import chkv.api.spi.ExpireCondition;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Concurrency stress of a {@link Store}: eight threads at once, each test bounded by a deadline
 * of about a second and by an operation count.
 */
public abstract class StoreStressTest {
    private static final int THREADS = 8;
    private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);

    private final FakeClock clock = new FakeClock();
    private Store store;

    /**
     * @param config the configuration to build the store with
     * @return a new, empty store of the implementation under test
     */
    protected abstract Store create(StoreConfig config);

    /** Creates the store. */
    @BeforeEach
    public void openStore() {
        store = create(StoreConfig.of(clock));
    }

    /** Closes the store. */
    @AfterEach
    public void closeStore() {
        store.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A body run by each thread; returns how many operations it did. */
    private interface Body {
        long run(int thread, Random random, long deadline);
    }

    /** Starts all threads together and returns each one's operation count. */
    private static long[] runThreads(Body body) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        long[] counts = new long[THREADS];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().name("store-stress-" + t).start(() -> {
                try {
                    start.await();
                    counts[id] = body.run(id, new Random(id * 7919L), System.nanoTime() + DEADLINE_NANOS);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as("%s still running", thread.getName()).isFalse();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("concurrent operations failed: " + failures.peek());
            failures.forEach(error::addSuppressed);
            throw error;
        }
        return counts;
    }

    @Test
    public void incr_sameKeyFromManyThreads_losesNoIncrement() throws Exception {
        long[] counts = runThreads((thread, random, deadline) -> {
            long n = 0;
            while (n < 200_000 && (n % 256 != 0 || System.nanoTime() < deadline)) {
                store.incrBy(b("shared"), 1);
                n++;
            }
            return n;
        });
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        assertThat(store.incrBy(b("shared"), 0)).isEqualTo(total);
    }

    @Test
    public void setAll_isSeenWholeOrNotAtAll_byGetAll() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            keys.add(b("multi:" + k)); // 16 keys: spread over several segments of any striped store
        }
        runThreads((thread, random, deadline) -> {
            long n = 0;
            while (n < 50_000 && (n % 64 != 0 || System.nanoTime() < deadline)) {
                if (thread % 2 == 0) {
                    byte[] value = b(thread + ":" + n);
                    List<byte[]> values = new ArrayList<>();
                    keys.forEach(k -> values.add(value));
                    store.setAll(keys, values, random.nextBoolean() && n > 0);
                } else {
                    List<byte[]> seen = store.getAll(keys);
                    for (byte[] v : seen) {
                        // all null before the first write, else all from one and the same setAll
                        assertThat(v == null ? null : new String(v, StandardCharsets.ISO_8859_1))
                                .isEqualTo(seen.get(0) == null ? null : new String(seen.get(0), StandardCharsets.ISO_8859_1));
                    }
                }
                n++;
            }
            return n;
        });
        List<byte[]> last = store.getAll(keys);
        assertThat(last).allSatisfy(v -> assertThat(v).isEqualTo(last.get(0)));
    }

    @Test
    public void incr_ownAndSharedKeys_countExactlyWhileTheTableGrows() throws Exception {
        long[] counts = runThreads((thread, random, deadline) -> {
            long n = 0;
            while (n < 100_000 && (n % 256 != 0 || System.nanoTime() < deadline)) {
                store.incrBy(b("own:" + thread), 1);
                store.incrBy(b("shared:" + (n % 16)), 1);
                store.set(b("filler:" + thread + ":" + n), b("x"), SetOptions.PLAIN);
                n++;
            }
            return n;
        });
        long total = 0;
        for (int t = 0; t < THREADS; t++) {
            assertThat(store.incrBy(b("own:" + t), 0)).as("own:%d", t).isEqualTo(counts[t]);
            total += counts[t];
        }
        long shared = 0;
        for (int k = 0; k < 16; k++) {
            byte[] v = store.get(b("shared:" + k));
            shared += v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.US_ASCII));
        }
        assertThat(shared).isEqualTo(total);
        assertThat(store.size()).isEqualTo(THREADS + 16 + total);
    }

    /**
     * Reads that race with tables growing: one thread writes keys in order and says how far it
     * got; the others read keys already written, which a read must always find, with their
     * value, while the tables they live in grow (and, in a store that grows them a step at a
     * time, while the keys sit in either of two tables).
     */
    @Test
    public void get_whileWritesGrowTheTables_findsEveryKeyAlreadyWritten() throws Exception {
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        long[] counts = runThreads((thread, random, deadline) -> {
            long n = 0;
            if (thread == 0) {
                for (int k = 0; k < 200_000 && (k % 256 != 0 || System.nanoTime() < deadline); k++) {
                    store.set(b("grow:" + k), b("v" + k), SetOptions.PLAIN);
                    written.set(k + 1);
                    n++;
                }
                written.set(-written.get() - 1); // done
                return n;
            }
            int done;
            while ((done = written.get()) >= 0 && n < 5_000_000) {
                if (done > 0) {
                    int k = random.nextInt(done);
                    assertThat(store.get(b("grow:" + k))).as("grow:%d of %d written", k, done).isEqualTo(b("v" + k));
                }
                n++;
            }
            return n;
        });
        int total = -written.get() - 1;
        assertThat(counts[0]).isEqualTo(total);
        assertThat(store.size()).isEqualTo(total);
        assertThat(total).as("keys written: enough to grow every table twice").isGreaterThan(5_000);
    }

    @Test
    public void mixedOperations_leaveAConsistentState() throws Exception {
        List<Map<String, String>> expected = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            expected.add(new HashMap<>());
        }
        runThreads((thread, random, deadline) -> {
            Map<String, String> mine = expected.get(thread);
            long n = 0;
            while (n < 100_000 && (n % 64 != 0 || System.nanoTime() < deadline)) {
                n++;
                String own = "own:" + thread + ":" + random.nextInt(300);
                byte[] shared = b("shared:" + random.nextInt(200));
                switch (random.nextInt(12)) {
                    case 0, 1 -> {
                        String v = own + "@" + n;
                        store.set(b(own), b(v), SetOptions.PLAIN);
                        mine.put(own, v);
                    }
                    case 2 -> {
                        store.delete(b(own));
                        mine.remove(own);
                    }
                    case 3 -> {
                        byte[] got = store.get(b(own));
                        String want = mine.get(own);
                        if (want == null ? got != null : got == null || !want.equals(new String(got, StandardCharsets.ISO_8859_1))) {
                            throw new AssertionError(own + ": " + (got == null ? null : new String(got, StandardCharsets.ISO_8859_1)) + " (expected: " + want + ")");
                        }
                    }
                    case 4 -> store.set(shared, new byte[random.nextInt(200)],
                            new SetOptions(SetOptions.Condition.NONE, random.nextBoolean(), clock.millis() + random.nextInt(50), false));
                    case 5 -> store.expireAt(shared, clock.millis() + random.nextInt(50), ExpireCondition.ALWAYS);
                    case 6 -> store.getDel(shared);
                    case 7 -> {
                        try {
                            store.incrBy(shared, 1);
                        } catch (RedisException e) {
                            store.delete(shared); // not an integer: someone set bytes there
                        }
                    }
                    case 8 -> store.append(shared, b("ab"));
                    case 9 -> {
                        long cursor = 0;
                        for (int s = 0; s < 5 && (s == 0 || cursor != 0); s++) {
                            cursor = store.scan(cursor, 10, key -> { });
                        }
                    }
                    case 10 -> {
                        if (thread == 0) {
                            clock.advance(1);
                        }
                        store.reclaimExpired(20);
                    }
                    default -> store.getEx(shared, random.nextBoolean() ? Store.NO_EXPIRY : Store.KEEP_EXPIRY);
                }
            }
            return n;
        });
        Set<String> scanned = new java.util.HashSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = store.scan(cursor, 100, key -> scanned.add(new String(key, StandardCharsets.ISO_8859_1)));
        } while (cursor != 0 && ++steps < 1_000_000);
        long live = 0;
        for (Map<String, String> mine : expected) {
            for (Map.Entry<String, String> e : mine.entrySet()) {
                assertThat(new String(store.get(b(e.getKey())), StandardCharsets.ISO_8859_1)).isEqualTo(e.getValue());
                assertThat(scanned).contains(e.getKey());
                live++;
            }
        }
        long ownScanned = scanned.stream().filter(k -> k.startsWith("own:")).count();
        assertThat(ownScanned).isEqualTo(live);
        assertThat(store.size()).isGreaterThanOrEqualTo(scanned.size());
    }
}
