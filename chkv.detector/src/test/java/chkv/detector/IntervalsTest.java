package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bounded window of inter-arrival times: its mean and spread, and what it forgets. */
class IntervalsTest {

    @Test
    void seeded_meanIsTheExpectedInterval_spreadAQuarter() {
        Intervals intervals = Intervals.seeded(1000, 100);

        assertThat(intervals.size()).isEqualTo(2);
        assertThat(intervals.mean()).isEqualTo(100);
        assertThat(intervals.stdDeviation()).isEqualTo(25);
    }

    @Test
    void add_knownSamples_giveTheirMeanAndPopulationDeviation() {
        Intervals intervals = new Intervals(10);
        for (long sample : new long[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            intervals.add(sample);
        }

        assertThat(intervals.mean()).isEqualTo(5);
        assertThat(intervals.stdDeviation()).isEqualTo(2);
    }

    @Test
    void add_beyondCapacity_forgetsTheOldest() {
        Intervals intervals = new Intervals(3);
        intervals.add(1_000);
        intervals.add(10);
        intervals.add(20);

        intervals.add(30);

        assertThat(intervals.size()).isEqualTo(3);
        assertThat(intervals.mean()).isEqualTo(20);
    }

    @Test
    void add_negativeInterval_countsAsZero() {
        Intervals intervals = new Intervals(4);
        intervals.add(-500);
        intervals.add(100);

        assertThat(intervals.mean()).isEqualTo(50);
    }

    @Test
    void add_lapsOfHugeIntervals_leaveNoRoundingBehind() {
        // Squares of intervals this long no longer fit a double's 53 bits: the running sums round,
        // and only the recount at the end of each lap clears what they have lost.
        Intervals intervals = new Intervals(7);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 7 * 10_000; i++) {
            intervals.add(random.nextLong(1_000_000_000L, 10_000_000_000L));
        }
        for (int i = 0; i < 7; i++) {
            intervals.add(100 + i);
        }

        assertThat(intervals.mean()).isCloseTo(103, within(1e-9));
        assertThat(intervals.stdDeviation()).isCloseTo(2, within(1e-6));
    }
}
