package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonotonicClockTest {

    @Test
    void millis_startsAtTheWallClock_andNeverGoesBack() throws InterruptedException {
        long before = System.currentTimeMillis();
        MonotonicClock clock = new MonotonicClock();
        long first = clock.millis();
        assertThat(first).isBetween(before, System.currentTimeMillis());
        long last = first;
        for (int i = 0; i < 10_000; i++) {
            long now = clock.millis();
            assertThat(now).isGreaterThanOrEqualTo(last);
            last = now;
        }
        Thread.sleep(20);
        assertThat(clock.millis() - first).isGreaterThanOrEqualTo(20);
        assertThat(clock.instant().toEpochMilli()).isGreaterThanOrEqualTo(clock.millis() - 1);
    }
}
