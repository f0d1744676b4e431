package chkv.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** Redis's active-expiry walk: stay on a segment while over a quarter of its sample expired. */
class ExpiryCycleTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(1_000_000));

    @Test
    void staysOnASegment_whileMoreThanAQuarterOfItsSampleExpired() {
        List<String> visits = new ArrayList<>();
        // segment 0: two heavy samples (20 of 20, then 6 of 20), then a light one (5 of 20)
        Scripted s0 = new Scripted(0, visits, sample(20, 20), sample(20, 6), sample(20, 5));
        Scripted s1 = new Scripted(1, visits, sample(20, 1));
        ExpiryCycle cycle = new ExpiryCycle(new StoreSegment[] {s0, s1}, CLOCK);

        int reclaimed = cycle.run(1_000, ttl -> { });

        assertThat(visits).containsExactly("0", "0", "0", "1");
        assertThat(reclaimed).isEqualTo(20 + 6 + 5 + 1);
        assertThat(s0.lock.isWriteLocked() || s1.lock.isWriteLocked()).isFalse();
    }

    @Test
    void stopsAfterMaxChecks_andResumesWhereItStopped() {
        List<String> visits = new ArrayList<>();
        Scripted s0 = new Scripted(0, visits, sample(20, 0));
        Scripted s1 = new Scripted(1, visits, sample(15, 0), sample(20, 0));
        Scripted s2 = new Scripted(2, visits, sample(20, 0));
        ExpiryCycle cycle = new ExpiryCycle(new StoreSegment[] {s0, s1, s2}, CLOCK);

        cycle.run(35, ttl -> { });
        assertThat(visits).containsExactly("0", "1");
        assertThat(s1.asked).containsExactly(15); // no more than the checks left: 35 - 20

        visits.clear();
        cycle.run(40, ttl -> { });
        // segment 0 has no key with a TTL left, so it is passed over and the 40 checks go to 2 and 1
        assertThat(visits).containsExactly("2", "1");
        assertThat(s1.asked).containsExactly(15, 20);
    }

    @Test
    void locksNoSegment_whenNoneHasKeysWithATtl() {
        List<String> visits = new ArrayList<>();
        StoreSegment[] segments = {new Scripted(0, visits), new Scripted(1, visits), new Scripted(2, visits)};
        assertThat(new ExpiryCycle(segments, CLOCK).run(100, ttl -> { })).isZero();
        assertThat(visits).isEmpty();
    }

    @Test
    void boundsTheSlotsVisited_whenSamplesFindFewKeysWithATtl() {
        // every segment has keys with a TTL but each sample finds none: a sparse table
        List<String> visits = new ArrayList<>();
        Scripted[] segments = new Scripted[64];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Scripted(i, visits, sample(0, 0), sample(0, 0));
        }
        new ExpiryCycle(segments, CLOCK).run(40, ttl -> { });
        long slots = 0;
        for (Scripted s : segments) {
            slots += s.slotsGiven.stream().mapToLong(Integer::longValue).sum();
            assertThat(s.slotsGiven).allSatisfy(n -> assertThat(n).isPositive()
                    .isLessThanOrEqualTo(ExpiryCycle.SAMPLES * ExpiryCycle.SLOTS_PER_CHECK));
        }
        assertThat(slots).isEqualTo(40L * ExpiryCycle.SLOTS_PER_CHECK);
        assertThat(visits).hasSize(2); // 20 checks' worth of slots per visit
    }

    @Test
    void movesAStepOfEachGrowingSegment_underItsWriteLock() {
        List<String> steps = new ArrayList<>();
        class Growing extends FakeSegment {
            final String name;
            int left;

            Growing(String name, int left) {
                this.name = name;
                this.left = left;
            }

            @Override
            public boolean growing() {
                return left > 0;
            }

            @Override
            public boolean growStep(int slots) {
                assertThat(lock.isWriteLocked()).as("under the write lock").isTrue();
                assertThat(slots).isEqualTo(ExpiryCycle.GROW_SLOTS);
                steps.add(name);
                left--;
                return left > 0;
            }
        }
        StoreSegment[] segments = {new Growing("a", 2), new Growing("b", 0), new Growing("c", 1)};
        ExpiryCycle cycle = new ExpiryCycle(segments, CLOCK);
        cycle.run(100, ttl -> { });
        assertThat(steps).containsExactly("a", "c");
        cycle.run(100, ttl -> { });
        cycle.run(100, ttl -> { });
        assertThat(steps).containsExactly("a", "c", "a");
    }

    private static long sample(int examined, int expired) {
        return (long) examined << 32 | expired;
    }

    /** Answers expiry samples from a script; an empty script means no key with a TTL. */
    private static final class Scripted extends FakeSegment {
        final List<Integer> asked = new ArrayList<>();
        final List<Integer> slotsGiven = new ArrayList<>();
        private final int index;
        private final List<String> visits;
        private final Deque<Long> script = new ArrayDeque<>();

        Scripted(int index, List<String> visits, long... samples) {
            this.index = index;
            this.visits = visits;
            for (long s : samples) {
                script.add(s);
            }
        }

        @Override
        public long expireSample(int samples, int slots, long now, LongConsumer liveTtls) {
            assertThat(lock.isWriteLocked()).as("under the write lock").isTrue();
            assertThat(now).isEqualTo(CLOCK.millis());
            visits.add(String.valueOf(index));
            asked.add(samples);
            slotsGiven.add(slots);
            Long next = script.poll();
            return next == null ? 0 : next;
        }

        @Override
        public int expiringKeyCount() {
            return script.isEmpty() ? 0 : 1;
        }
    }
}
