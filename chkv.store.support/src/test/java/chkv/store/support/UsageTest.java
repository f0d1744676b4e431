package chkv.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import org.junit.jupiter.api.Test;

/** Redis's usage word: an LRU clock in 16 ms units, or LFU's log counter decaying per idle minute. */
class UsageTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    @Test
    void policies_thatRankByUsage_areTheLruAndLfuOnes() {
        for (EvictionPolicy p : EvictionPolicy.values()) {
            boolean lru = p == EvictionPolicy.ALLKEYS_LRU || p == EvictionPolicy.VOLATILE_LRU;
            boolean lfu = p == EvictionPolicy.ALLKEYS_LFU || p == EvictionPolicy.VOLATILE_LFU;
            assertThat(Usage.lru(p)).as(p.redisName()).isEqualTo(lru);
            assertThat(Usage.lfu(p)).as(p.redisName()).isEqualTo(lfu);
            assertThat(Usage.tracked(p)).as(p.redisName()).isEqualTo(lru || lfu);
        }
    }

    @Test
    void lru_badnessIsTheIdleTime_in16msUnits() {
        int word = Usage.initial(false, T0);
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LRU, word, 0, T0)).isZero();
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LRU, word, 0, T0 + 1_600)).isEqualTo(100);
        int touched = Usage.touch(false, word, T0 + 1_600);
        assertThat(Usage.badness(EvictionPolicy.VOLATILE_LRU, touched, 0, T0 + 1_600)).isZero();
    }

    @Test
    void lfu_newKeyStartsAtFive_andTheFirstAccessAlwaysCounts() {
        int word = Usage.initial(true, T0);
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LFU, word, 0, T0)).isEqualTo(255 - 5);
        int once = Usage.touch(true, word, T0);
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LFU, once, 0, T0)).isEqualTo(255 - 6);
    }

    @Test
    void lfu_counterLosesOnePerIdleMinute_downToZero() {
        int word = Usage.initial(true, T0);
        assertThat(Usage.badness(EvictionPolicy.VOLATILE_LFU, word, 0, T0 + 3 * MINUTE)).isEqualTo(255 - 2);
        assertThat(Usage.badness(EvictionPolicy.VOLATILE_LFU, word, 0, T0 + 60 * MINUTE)).isEqualTo(255);
    }

    @Test
    void lfu_countsLogarithmically_andSaturatesAt255() {
        int word = Usage.initial(true, T0);
        for (int i = 0; i < 100_000; i++) {
            word = Usage.touch(true, word, T0);
        }
        long counter = 255 - Usage.badness(EvictionPolicy.ALLKEYS_LFU, word, 0, T0);
        // Redis's table for lfu-log-factor 10: 100K hits reach about 142, far below 100K
        assertThat(counter).isBetween(120L, 170L);
        for (int i = 0; i < 10_000_000 && counter < 255; i++) {
            word = Usage.touch(true, word, T0);
            counter = 255 - Usage.badness(EvictionPolicy.ALLKEYS_LFU, word, 0, T0);
        }
        assertThat(Usage.touch(true, word, T0) & 0xFF).isEqualTo(255);
    }

    @Test
    void volatileTtl_ranksTheSoonestExpiryWorst() {
        long soon = Usage.badness(EvictionPolicy.VOLATILE_TTL, 0, T0 + 1_000, T0);
        long later = Usage.badness(EvictionPolicy.VOLATILE_TTL, 0, T0 + 60_000, T0);
        assertThat(soon).isGreaterThan(later);
    }

    @Test
    void lru_keyTouchedAfterTheEvictorReadItsClock_isIdleZero_notTheIdlest() {
        int touched = Usage.touch(false, Usage.initial(false, T0), T0 + 1_600);
        int cold = Usage.initial(false, T0 - 60_000);
        long hot = Usage.badness(EvictionPolicy.ALLKEYS_LRU, touched, 0, T0);
        assertThat(hot).isZero();
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LRU, cold, 0, T0)).isGreaterThan(hot);
    }

    @Test
    void lru_idleTimeSurvivesTheClockWrappingAround() {
        long wrap = (1L << 32) * 16; // the 32-bit clock of 16 ms ticks wraps here
        int word = Usage.initial(false, wrap - 1_600);
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LRU, word, 0, wrap + 1_600)).isEqualTo(200);
    }

    @Test
    void lfu_keyTouchedAfterTheEvictorReadItsClock_keepsItsCounter() {
        int word = Usage.initial(true, T0);
        for (int i = 0; i < 1_000; i++) {
            word = Usage.touch(true, word, T0 + MINUTE);
        }
        long counter = 255 - Usage.badness(EvictionPolicy.ALLKEYS_LFU, word, 0, T0 + MINUTE);
        // the evictor's clock is a minute behind the touch: no decay, rather than 16M idle minutes
        assertThat(Usage.badness(EvictionPolicy.ALLKEYS_LFU, word, 0, T0)).isEqualTo(255 - counter);
        assertThat(counter).isGreaterThan(5);
    }
}
