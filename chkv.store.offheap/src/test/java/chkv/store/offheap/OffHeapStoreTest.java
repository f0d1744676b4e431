package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Native memory is reused after deletes and expiry and released on close; misuse throws instead of crashing or hanging. */
class OffHeapStoreTest {
    private final FakeClock clock = new FakeClock();
    private final OffHeapStore store = (OffHeapStore) new OffHeapStoreProvider().create(StoreConfig.of(clock));

    @AfterEach
    public void close() {
        store.close();
    }

    private static byte[] key(int i) {
        return String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] value(int length, int seed) {
        byte[] v = new byte[length];
        Arrays.fill(v, (byte) seed);
        return v;
    }

    private void setAll(int keys, int length, int seed, long expireAt) {
        for (int i = 0; i < keys; i++) {
            store.set(key(i), value(length, seed), new SetOptions(SetOptions.Condition.NONE, false, expireAt, false));
        }
    }

    @Test
    public void rewritingTheSameKeys_manyTimes_doesNotGrowNativeMemory() {
        setAll(5_000, 100, 0, Store.NO_EXPIRY);
        setAll(5_000, 300, 0, Store.NO_EXPIRY);
        long reserved = store.reservedBytes();
        for (int round = 1; round < 20; round++) {
            setAll(5_000, round % 2 == 0 ? 100 : 300, round, Store.NO_EXPIRY);
        }
        assertThat(store.reservedBytes()).isEqualTo(reserved);
        assertThat(store.get(key(17))).isEqualTo(value(300, 19));
    }

    @Test
    public void deletedAndExpiredKeys_leaveSpaceThatNewKeysReuse() {
        setAll(5_000, 100, 1, clock.millis() + 10);
        long reserved = store.reservedBytes();
        clock.advance(11);
        for (int round = 0; round < 10_000 && store.size() > 0; round++) {
            store.reclaimExpired(1_000);
        }
        assertThat(store.size()).isZero();
        for (int round = 0; round < 20; round++) {
            setAll(2_500, 100, round, clock.millis() + 10); // half as many: emptied segments keep their chunks
            clock.advance(11);
            setAll(2_500, 100, round, Store.NO_EXPIRY); // lazily expired on write, then rewritten
            for (int i = 0; i < 2_500; i++) {
                store.delete(key(i));
            }
            assertThat(store.reservedBytes()).as("round %d", round).isLessThanOrEqualTo(reserved);
        }
    }

    @Test
    public void clear_andDeletingEverything_returnMemory() {
        setAll(100_000, 100, 1, Store.NO_EXPIRY);
        long full = store.reservedBytes();
        assertThat(full).isGreaterThan(100_000L * 136);
        for (int i = 0; i < 100_000; i++) {
            store.delete(key(i));
        }
        assertThat(store.reservedBytes()).isLessThan(full / 20);
        setAll(100_000, 100, 1, Store.NO_EXPIRY);
        store.clear();
        assertThat(store.reservedBytes()).isLessThan(full / 20);
        assertThat(store.memoryUsed()).isLessThan(full / 20);
    }

    @Test
    public void largeValues_areStoredOverwrittenAndFreed() {
        byte[] big = value(3 << 20, 7);
        store.set(key(1), big, SetOptions.PLAIN);
        assertThat(store.get(key(1))).isEqualTo(big);
        assertThat(store.append(key(1), value(10, 8))).isEqualTo(big.length + 10);
        store.set(key(1), value(5, 9), SetOptions.PLAIN);
        assertThat(store.get(key(1))).isEqualTo(value(5, 9));
        assertThat(store.reservedBytes()).isLessThan(1 << 20);
    }

    @Test
    public void initialCapacity_presizes_andRejectsNonsense() {
        Store s = new OffHeapStoreProvider().create(new StoreConfig(clock, 0,
                EvictionPolicy.NOEVICTION, 5, Map.of(OffHeapStoreProvider.INITIAL_CAPACITY, "100000")));
        try {
            assertThat(s.memoryUsed()).isGreaterThanOrEqualTo(100_000L * 4 / 3 * Table.SLOT_BYTES);
        } finally {
            s.close();
        }
        assertThatThrownBy(() -> new OffHeapStoreProvider().create(new StoreConfig(clock, 0,
                EvictionPolicy.NOEVICTION, 5, Map.of(OffHeapStoreProvider.INITIAL_CAPACITY, "-1"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("initial-capacity");
    }

    /** Readers check every value they see is whole while a writer resizes tables and moves and frees blocks. */
    @Test
    public void optimisticReads_whileWritersResizeAndFree_seeOnlyWholeValues() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 0; n < 5_000_000 && System.nanoTime() < deadline; n++) {
                        byte[] v = store.get(key(n % 2_000));
                        if (v != null && (v.length == 0 || v.length != (v[0] & 0xFF) * 97 || !Arrays.equals(v, value(v.length, v[0])))) {
                            throw new AssertionError("torn value of length " + v.length);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        for (int round = 1; round < 10_000 && System.nanoTime() < deadline; round++) {
            int length = 1 + round % 200; // up to 19 KB: small classes and large blocks of their own
            for (int i = 0; i < 2_000; i += 1 + round % 3) {
                store.set(key(i), value(length * 97, length), SetOptions.PLAIN);
            }
            for (int i = round % 2; i < 2_000; i += 2) {
                store.delete(key(i)); // shrinks the tables, so the next round grows them again
            }
        }
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(reader.isAlive()).isFalse();
        }
        assertThat(failure.get()).isNull();
    }

    /** Closing frees the memory readers are in: they must see a value or IllegalStateException, nothing else. */
    @Test
    public void close_whileReadersRun_failsThemWithIllegalStateException() throws Exception {
        Store s = new OffHeapStoreProvider().create(StoreConfig.of(clock));
        for (int i = 0; i < 1_000; i++) {
            s.set(key(i), value(100, i), SetOptions.PLAIN);
        }
        AtomicLong reads = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = Thread.ofPlatform().start(() -> {
                try {
                    for (int n = 0; n < 50_000_000 && System.nanoTime() < deadline; n++) {
                        byte[] v = s.get(key(n % 1_000));
                        if (!Arrays.equals(v, value(100, n % 1_000))) {
                            throw new AssertionError("key " + n % 1_000 + ": wrong value");
                        }
                        reads.incrementAndGet();
                    }
                    failure.compareAndSet(null, new AssertionError("reads outlived close"));
                } catch (IllegalStateException expected) {
                    // closed under the reader: what the contract promises
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        while (reads.get() < 20_000 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        s.close();
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(reader.isAlive()).isFalse();
        }
        assertThat(reads.get()).isGreaterThanOrEqualTo(20_000);
        assertThat(failure.get()).isNull();
    }
}
