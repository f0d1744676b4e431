package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared contract of every {@link Store}: extend it, implement {@link #create(StoreConfig)},
 * and every test of the chain ({@link StringContract}, {@link NumberContract},
 * {@link ExpiryContract}, {@link KeyspaceContract} and this class's maxmemory tests) runs against
 * the store on a {@link FakeClock}.
 */
public abstract class StoreContract extends KeyspaceContract {

    private static final byte[] VALUE = new byte[100];

    private static byte[] key(String prefix, int i) {
        return b(String.format("%s:%010d", prefix, i));
    }

    private static boolean setTtl(Store s, byte[] key, long expireAt) {
        return s.set(key, VALUE, new SetOptions(SetOptions.Condition.NONE, false, expireAt, false))
                .written();
    }

    /** @return a {@code maxmemory} that holds about {@code keys} keys of 16 + 100 bytes, measured */
    private long limitFor(int keys) {
        Store probe = create(StoreConfig.of(clock));
        try {
            long base = probe.memoryUsed();
            for (int i = 0; i < keys; i++) {
                probe.set(key("probe", i), VALUE, SetOptions.PLAIN);
            }
            long used = probe.memoryUsed();
            return used + (used - base) / 100;
        } finally {
            probe.close();
        }
    }

    private Store limited(EvictionPolicy policy, int keys) {
        return open(StoreConfig.of(clock).withMaxMemory(limitFor(keys), policy));
    }

    @Test
    public void reserveMemory_unlimited_neverThrows() {
        for (int i = 0; i < 1_000; i++) {
            store.set(key("k", i), VALUE, SetOptions.PLAIN);
        }
        store.reserveMemory();
    }

    @Test
    public void noeviction_refusesWritesOverTheLimit_andRecoversAfterDeletes() {
        long limit = limitFor(500);
        Store s = open(StoreConfig.of(clock).withMaxMemory(limit, EvictionPolicy.NOEVICTION));
        int written = 0;
        RedisException oom = null;
        for (int i = 0; i < 100_000 && oom == null; i++) {
            try {
                s.set(key("k", i), VALUE, SetOptions.PLAIN);
                written++;
            } catch (RedisException e) {
                oom = e;
            }
        }
        assertThat(oom).isNotNull().hasMessage(RedisException.OOM);
        assertThat(written).isBetween(250, 1_000);
        assertThat(s.memoryUsed()).isGreaterThan(limit);
        assertThatThrownBy(s::reserveMemory).isInstanceOf(RedisException.class).hasMessage(RedisException.OOM);
        assertThatThrownBy(() -> s.incrBy(b("n"), 1)).hasMessage(RedisException.OOM);
        assertThatThrownBy(() -> s.append(key("k", 0), b("x"))).hasMessage(RedisException.OOM);
        assertThat(s.get(key("k", 0))).isEqualTo(VALUE);
        assertThat(s.size()).isEqualTo(written);
        for (int i = 0; i < written / 2; i++) {
            assertThat(s.delete(key("k", i))).isTrue();
        }
        s.reserveMemory();
        assertThat(s.set(key("again", 0), VALUE, SetOptions.PLAIN).written()).isTrue();
    }

    @Test
    public void allkeysLru_evictsColdKeysRatherThanRecentlyUsedOnes() {
        assertHotKeysSurvive(EvictionPolicy.ALLKEYS_LRU, 1);
    }

    @Test
    public void allkeysLfu_evictsRarelyUsedKeysRatherThanFrequentlyUsedOnes() {
        assertHotKeysSurvive(EvictionPolicy.ALLKEYS_LFU, 10);
    }

    /** 200 hot keys are read every round, 800 cold keys never; 2,000 new keys push the store over its limit. */
    private void assertHotKeysSurvive(EvictionPolicy policy, int touches) {
        Store s = limited(policy, 1_500);
        for (int i = 0; i < 1_000; i++) {
            s.set(key("old", i), VALUE, SetOptions.PLAIN);
        }
        assertHotKeysSurvive(s, touches);
    }

    private void assertHotKeysSurvive(Store s, int touches) {
        for (int round = 0; round < 10; round++) {
            clock.advance(2_000);
            for (int t = 0; t < touches; t++) {
                for (int i = 0; i < 200; i++) {
                    s.get(key("old", i)); // an unlucky hot key may be evicted: the policy is approximate
                }
            }
            clock.advance(2_000);
            for (int j = 0; j < 200; j++) {
                s.set(key("new", round * 200 + j), VALUE, SetOptions.PLAIN);
            }
        }
        assertThat(s.size()).as("keys after eviction").isLessThan(2_000);
        double hot = survivors(s, 0, 200) / 200.0;
        double cold = survivors(s, 200, 1_000) / 800.0;
        assertThat(hot).as("hot survival (cold: %s)", cold).isGreaterThanOrEqualTo(0.9);
        assertThat(cold).as("cold survival (hot: %s)", hot).isLessThanOrEqualTo(0.6);
    }

    private static int survivors(Store s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += s.exists(key("old", i)) ? 1 : 0;
        }
        return n;
    }

    @Test
    public void setMemoryPolicy_atRunTime_limitsRefusesAndEvicts() {
        assertThat(store.memoryPolicy()).isEqualTo(MemoryPolicy.UNLIMITED);
        for (int i = 0; i < 1_000; i++) {
            store.set(key("k", i), VALUE, SetOptions.PLAIN);
        }
        store.setMemoryPolicy(limitFor(500), EvictionPolicy.NOEVICTION, 5);
        assertThatThrownBy(store::reserveMemory).isInstanceOf(RedisException.class).hasMessage(RedisException.OOM);
        assertThat(store.size()).isEqualTo(1_000);

        store.setMemoryPolicy(limitFor(500), EvictionPolicy.ALLKEYS_RANDOM, 7);
        assertThat(store.memoryPolicy()).isEqualTo(new MemoryPolicy(limitFor(500), EvictionPolicy.ALLKEYS_RANDOM, 7));
        store.set(key("new", 0), VALUE, SetOptions.PLAIN);
        assertThat(store.size()).isBetween(250L, 600L);

        store.setMemoryPolicy(0, EvictionPolicy.NOEVICTION, 5);
        long before = store.size();
        for (int i = 1; i <= 1_000; i++) {
            store.set(key("new", i), VALUE, SetOptions.PLAIN);
        }
        assertThat(store.size()).isEqualTo(before + 1_000);
    }

    @Test
    public void setMemoryPolicy_toLruAtRunTime_ranksKeysByUseSinceTheChange() {
        for (int i = 0; i < 1_000; i++) {
            store.set(key("old", i), VALUE, SetOptions.PLAIN);
        }
        store.setMemoryPolicy(limitFor(1_500), EvictionPolicy.ALLKEYS_LRU, StoreConfig.DEFAULT_SAMPLES);
        assertHotKeysSurvive(store, 1);
    }

    @Test
    public void setMemoryPolicy_fromLruToLfu_ranksKeysByFrequency() {
        Store s = limited(EvictionPolicy.ALLKEYS_LRU, 1_500);
        for (int i = 0; i < 1_000; i++) {
            s.set(key("old", i), VALUE, SetOptions.PLAIN);
        }
        s.setMemoryPolicy(s.memoryPolicy().maxMemory(), EvictionPolicy.ALLKEYS_LFU, StoreConfig.DEFAULT_SAMPLES);
        assertHotKeysSurvive(s, 10);
    }

    @Test
    public void setMemoryPolicy_outOfRange_throwsAndChangesNothing() {
        store.setMemoryPolicy(1_000_000, EvictionPolicy.ALLKEYS_LRU, 5);
        assertThatThrownBy(() -> store.setMemoryPolicy(-1, EvictionPolicy.ALLKEYS_LFU, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.setMemoryPolicy(0, EvictionPolicy.ALLKEYS_LFU, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.setMemoryPolicy(0, null, 5)).isInstanceOf(NullPointerException.class);
        assertThat(store.memoryPolicy()).isEqualTo(new MemoryPolicy(1_000_000, EvictionPolicy.ALLKEYS_LRU, 5));
    }

    @Test
    public void idleMillis_underLru_growsWithTheClock_isNotAUse_andRestartsOnARead() {
        store.setMemoryPolicy(0, EvictionPolicy.ALLKEYS_LRU, StoreConfig.DEFAULT_SAMPLES);
        assertThat(store.idleMillis(b("absent"))).isEqualTo(-1);
        set(store, "k", "v");
        assertThat(store.idleMillis(b("k"))).isBetween(0L, 16L);
        clock.advance(10_000);
        assertThat(store.idleMillis(b("k"))).isBetween(10_000L - 16, 10_000L + 16);
        clock.advance(5_000);
        assertThat(store.idleMillis(b("k"))).as("looking is no use").isBetween(15_000L - 16, 15_000L + 16);
        store.get(b("k"));
        assertThat(store.idleMillis(b("k"))).isBetween(0L, 16L);
        setExpiring(store, "t", "v", now() + 10);
        clock.advance(11);
        assertThat(store.idleMillis(b("t"))).isEqualTo(-1);
    }

    @Test
    public void frequency_underLfu_startsAt5_andGrowsWithUse() {
        store.setMemoryPolicy(0, EvictionPolicy.ALLKEYS_LFU, StoreConfig.DEFAULT_SAMPLES);
        assertThat(store.frequency(b("absent"))).isEqualTo(-1);
        set(store, "k", "v");
        assertThat(store.frequency(b("k"))).isEqualTo(5);
        for (int i = 0; i < 100; i++) {
            assertThat(store.frequency(b("k"))).as("looking is no use").isEqualTo(5);
        }
        for (int i = 0; i < 1_000; i++) {
            store.get(b("k"));
        }
        assertThat(store.frequency(b("k"))).isBetween(6, 255);
    }

    @Test
    public void idleAndFrequency_underAPolicyThatTracksNeither_areZeroForLiveKeys() {
        set(store, "k", "v");
        clock.advance(10_000);
        assertThat(store.idleMillis(b("k"))).isZero();
        assertThat(store.frequency(b("k"))).isZero();
        assertThat(store.frequency(b("absent"))).isEqualTo(-1);
    }

    @Test
    public void allkeysRandom_evictsAndStaysNearTheLimit() {
        Store s = limited(EvictionPolicy.ALLKEYS_RANDOM, 500);
        for (int i = 0; i < 3_000; i++) {
            s.set(key("k", i), VALUE, SetOptions.PLAIN);
        }
        assertThat(s.size()).isBetween(250L, 1_000L);
    }

    @Test
    public void volatileLru_evictsOnlyKeysWithExpiry() {
        Store s = limited(EvictionPolicy.VOLATILE_LRU, 1_000);
        for (int i = 0; i < 300; i++) {
            s.set(key("persistent", i), VALUE, SetOptions.PLAIN);
        }
        for (int i = 0; i < 3_000; i++) {
            setTtl(s, key("volatile", i), now() + 3_600_000);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(s.exists(key("persistent", i))).as("persistent key %d", i).isTrue();
        }
        assertThat(s.size()).isLessThan(2_000);
    }

    @Test
    public void volatilePolicies_withoutVolatileKeys_refuseWrites() {
        for (EvictionPolicy policy : new EvictionPolicy[] {EvictionPolicy.VOLATILE_LRU,
                EvictionPolicy.VOLATILE_LFU, EvictionPolicy.VOLATILE_RANDOM, EvictionPolicy.VOLATILE_TTL}) {
            Store s = limited(policy, 300);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100_000; i++) {
                    s.set(key("k", i), VALUE, SetOptions.PLAIN);
                }
            }).as(policy.redisName()).isInstanceOf(RedisException.class).hasMessage(RedisException.OOM);
        }
    }

    @Test
    public void volatileTtl_evictsKeysThatExpireSoonest() {
        Store s = limited(EvictionPolicy.VOLATILE_TTL, 1_000);
        for (int i = 0; i < 800; i++) {
            setTtl(s, key("old", i), now() + (i % 2 == 0 ? 3_600_000 : 36_000_000));
        }
        for (int i = 0; i < 700; i++) {
            setTtl(s, key("new", i), now() + 72_000_000);
        }
        int soon = 0;
        int late = 0;
        for (int i = 0; i < 800; i++) {
            if (s.exists(key("old", i))) {
                soon += i % 2 == 0 ? 1 : 0;
                late += i % 2 == 0 ? 0 : 1;
            }
        }
        assertThat(soon).as("survivors expiring in 1 h (10 h: %d)", late).isLessThan(late);
    }

    /**
     * The LRU clamp: the evictor reads its clock once and then takes many locks, so a key touched
     * meanwhile looks touched in its future. Here the clock steps back to stand for that evictor:
     * the hot key's idle time is negative, and it must count as 0, not wrap to the largest.
     */
    @Test
    public void allkeysLru_keyTouchedAfterTheEvictorsClockRead_isNotEvictedFirst() {
        long limit = limitFor(500);
        Store s = open(new StoreConfig(clock, limit, EvictionPolicy.ALLKEYS_LRU, 64, java.util.Map.of()));
        for (int i = 0; i < 400; i++) {
            s.set(key("cold", i), VALUE, SetOptions.PLAIN);
        }
        clock.advance(60_000);
        assertThat(s.get(key("cold", 0))).isEqualTo(VALUE); // the hot key, touched now
        clock.set(now() - 1_600); // the evictor's time, 100 LRU ticks before that touch
        long before = s.size();
        for (int i = 0; i < 100_000 && s.size() + 300 > before + i; i++) {
            s.set(key("new", i), VALUE, SetOptions.PLAIN); // until 300 keys were evicted
        }
        assertThat(s.exists(key("cold", 0))).as("the most recently used key").isTrue();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    public void update_keyExpiresWhileTheWriterWaitsForTheLock_isSeenAsAbsent() throws Exception {
        setExpiring(store, "k", "v", now() + 100);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> store.update(b("k"), (current, edit) -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // holds the key: only this test's writer waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicReference<Boolean> sawLive = new AtomicReference<>();
        Thread writer = new Thread(() -> sawLive.set(store.update(b("k"), (current, edit) -> current != null)));
        writer.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.getState() != Thread.State.WAITING && writer.getState() != Thread.State.BLOCKED
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(writer.getState()).as("the writer waits for the key").isIn(Thread.State.WAITING, Thread.State.BLOCKED);
        clock.advance(200); // the key expires while the writer waits
        release.countDown();
        holder.join(5_000);
        writer.join(5_000);
        assertThat(sawLive.get()).as("the waiting writer saw the expired key as live").isFalse();
        assertThat(store.exists(b("k"))).isFalse();
    }

    /**
     * Whether readers of one key run at once ({@link Store#read} under a shared lock); a store
     * that keeps the default, which runs a read as an update, answers false.
     */
    protected boolean sharedReads() {
        return true;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    public void read_whileAnotherReadHoldsTheKey_doesNotWait() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(sharedReads(), "readers exclude each other");
        setExpiring(store, "k", "value", now() + 5_000);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> store.read(b("k"), current -> {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        try {
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.FutureTask<List<Long>> others = new java.util.concurrent.FutureTask<>(() -> List.of(
                    store.exists(b("k")) ? 1L : 0L, store.strlen(b("k")), store.pttl(b("k")),
                    store.expireTime(b("k")), (long) store.getRange(b("k"), 1, 2).length));
            new Thread(others).start();
            // EXISTS, STRLEN, PTTL, PEXPIRETIME and GETRANGE read: none waits for the reader holding the key
            assertThat(others.get(5, TimeUnit.SECONDS)).containsExactly(1L, 5L, 5_000L, now() + 5_000, 2L);
        } finally {
            release.countDown();
            holder.join(5_000);
        }
    }

    @Test
    public void read_entryUsedAfterTheReadReturned_throws() {
        set(store, "k", "v");
        AtomicReference<Store.Entry> kept = new AtomicReference<>();
        int length = store.read(b("k"), current -> {
            kept.set(current);
            return current.valueLength();
        });
        assertThat(length).isEqualTo(1);
        assertThatThrownBy(() -> kept.get().value()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kept.get().value(0, 1)).isInstanceOf(IllegalStateException.class);
        Store.Entry absent = store.read(b("absent"), current -> current);
        assertThat(absent).isNull();
    }

    @Test
    public void volatileLru_fewKeysWithATtlAmongMany_areEvictedBeforeWritesAreRefused() {
        Store s = limited(EvictionPolicy.VOLATILE_LRU, 20_000);
        for (int i = 0; i < 5; i++) {
            setTtl(s, key("volatile", i), now() + 3_600_000);
        }
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100_000; i++) {
                s.set(key("persistent", i), VALUE, SetOptions.PLAIN);
            }
        }).isInstanceOf(RedisException.class).hasMessage(RedisException.OOM);
        for (int i = 0; i < 5; i++) {
            assertThat(s.exists(key("volatile", i))).as("volatile key %d", i).isFalse();
        }
        assertThat(s.exists(key("persistent", 0))).isTrue();
    }

    @Test
    public void entry_usedAfterItsMutation_throws() {
        set(store, "k", "v");
        AtomicReference<Store.Entry> kept = new AtomicReference<>();
        AtomicReference<Store.Edit> edit = new AtomicReference<>();
        store.update(b("k"), (current, e) -> {
            kept.set(current);
            edit.set(e);
            return null;
        });
        assertThatThrownBy(() -> kept.get().value()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> edit.get().delete()).isInstanceOf(IllegalStateException.class);
        assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    public void mutation_callingBackIntoTheStore_throwsInsteadOfDeadlocking() {
        assertThatThrownBy(() -> store.update(b("k"), (current, e) -> store.get(b("k"))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.update(b("k"), (current, e) -> store.delete(b("k"))))
                .isInstanceOf(IllegalStateException.class);
        set(store, "k", "v");
        assertThat(store.get(b("k"))).isEqualTo(b("v"));
    }

    @Test
    public void useAfterClose_throwsIllegalStateException() {
        Store s = create(StoreConfig.of(clock));
        set(s, "k", "v");
        s.close();
        assertThatThrownBy(() -> s.get(b("k"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> set(s, "k", "w")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.getAll(List.of(b("k")))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.scan(0, 10, k -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::size).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::memoryUsed).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::clear).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.reclaimExpired(10)).isInstanceOf(IllegalStateException.class);
        s.close();
    }

    @Test
    public void close_twice_isHarmless() {
        Store s = create(StoreConfig.of(clock));
        set(s, "k", "v");
        s.close();
        s.close();
    }
}
