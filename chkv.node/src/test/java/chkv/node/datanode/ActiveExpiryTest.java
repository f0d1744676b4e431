package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.node.boot.Providers;
import chkv.node.command.Stats;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveExpiryTest {
    private final FakeClock clock = new FakeClock();
    private final Store heap = Providers.stores().get("heap").create(StoreConfig.of(clock));
    private final Stats stats = new Stats();
    private final AtomicLong nanos = new AtomicLong();

    @AfterEach
    void close() {
        heap.close();
    }

    private void fill(int keys, long expireAt) {
        for (int i = 0; i < keys; i++) {
            heap.set(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[] {1},
                    new SetOptions(SetOptions.Condition.NONE, false, expireAt, false));
        }
    }

    @Test
    void cycle_reclaimsExpiredKeysAndCountsThem() {
        fill(2000, clock.millis() + 1000);
        ActiveExpiry expiry = new ActiveExpiry(heap, stats, nanos::get, () -> Long.MAX_VALUE);
        assertThat(expiry.cycle()).isZero();
        clock.advance(1000);
        long total = 0;
        for (int i = 0; i < 1000 && heap.size() > 0; i++) {
            total += expiry.cycle();
        }
        assertThat(heap.size()).isZero();
        assertThat(total).isEqualTo(2000);
        assertThat(stats.expiredKeys()).isEqualTo(2000);
    }

    @Test
    void cycle_leavesLiveKeys() {
        fill(500, clock.millis() + 10_000);
        clock.advance(5_000);
        new ActiveExpiry(heap, stats, nanos::get, () -> Long.MAX_VALUE).cycle();
        assertThat(heap.size()).isEqualTo(500);
    }

    @Test
    void cycle_estimatesAvgTtlAsRedis() {
        fill(500, clock.millis() + 10_000);
        ActiveExpiry expiry = new ActiveExpiry(heap, stats, nanos::get, () -> Long.MAX_VALUE);
        assertThat(stats.avgTtl()).isZero();
        expiry.cycle();
        assertThat(stats.avgTtl()).isEqualTo(10_000); // the first round sets the estimate
        clock.advance(5_000);
        expiry.cycle();
        // then each round weighs 2%: 10000 / 50 * 49 + 5000 / 50
        assertThat(stats.avgTtl()).isEqualTo(9_900);
        heap.clear();
        expiry.cycle();
        assertThat(stats.avgTtl()).isZero(); // no key has a TTL any more
    }

    @Test
    void cycle_repeatsWhileManyExpiredButAtMostMaxRounds() {
        AtomicInteger calls = new AtomicInteger();
        Store saturated = new CountingStore(heap, calls, ActiveExpiry.CHECKS_PER_ROUND);
        long reclaimed = new ActiveExpiry(saturated, stats, nanos::get, () -> Long.MAX_VALUE).cycle();
        assertThat(calls.get()).isEqualTo(ActiveExpiry.MAX_ROUNDS);
        assertThat(reclaimed).isEqualTo((long) ActiveExpiry.MAX_ROUNDS * ActiveExpiry.CHECKS_PER_ROUND);
    }

    @Test
    void cycle_stopsWhenFewExpired() {
        AtomicInteger calls = new AtomicInteger();
        new ActiveExpiry(new CountingStore(heap, calls, 3), stats, nanos::get, () -> Long.MAX_VALUE).cycle();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void cycle_stopsWhenItsTimeBudgetIsSpent() {
        AtomicInteger calls = new AtomicInteger();
        Store saturated = new CountingStore(heap, calls, ActiveExpiry.CHECKS_PER_ROUND);
        // every reading of the clock moves it 10 ms on: after rounds 1, 2 and 3 it reads 10, 20
        // and 30 ms since the start, so the 25 ms budget ends the cycle after round 3
        new ActiveExpiry(saturated, stats, () -> nanos.addAndGet(10_000_000), () -> 25_000_000).cycle();
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void cycle_readsItsBudgetEachTime_asConfigSetHzChangesIt() {
        AtomicInteger calls = new AtomicInteger();
        Store saturated = new CountingStore(heap, calls, ActiveExpiry.CHECKS_PER_ROUND);
        AtomicLong budget = new AtomicLong(25_000_000); // hz 10
        ActiveExpiry expiry = new ActiveExpiry(saturated, stats, () -> nanos.addAndGet(10_000_000), budget::get);
        expiry.cycle();
        assertThat(calls.get()).isEqualTo(3);
        budget.set(5_000_000); // hz 50: a fifth of the time per cycle
        expiry.cycle();
        assertThat(calls.get()).as("rounds of both cycles").isEqualTo(4);
    }

    /** Pretends every round reclaimed {@code perRound} keys. */
    private static final class CountingStore extends TrackingStore {
        private final AtomicInteger calls;
        private final int perRound;

        CountingStore(Store delegate, AtomicInteger calls, int perRound) {
            super(delegate, new ArrayList<>(), 1);
            this.calls = calls;
            this.perRound = perRound;
        }

        @Override
        public int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
            calls.incrementAndGet();
            return Math.min(perRound, maxChecks);
        }
    }
}
