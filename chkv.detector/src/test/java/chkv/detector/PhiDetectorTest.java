package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetector.Verdict;
import chkv.api.spi.FailureDetectorConfig;
import chkv.testing.FakeClock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Phi accrual: the value, how it grows, how it learns a node's pace, what it forgives. */
class PhiDetectorTest {
    private final FakeClock clock = new FakeClock();

    private PhiDetector create(Map<String, String> options) {
        return (PhiDetector) new PhiDetectorProvider().create(
                new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, options));
    }

    private PhiDetector trained(String node, long gapMillis, long forMillis) {
        PhiDetector detector = create(Map.of());
        detector.heartbeat(node);
        new NameNodeDriver(clock, detector).heartbeats(node, gapMillis, forMillis);
        return detector;
    }

    @Test
    void phi_atTheExpectedTime_isLog10Of2() {
        assertThat(PhiDetector.phi(300, 300, 100)).isCloseTo(Math.log10(2), within(1e-12));
    }

    @Test
    void phi_matchesTheLogisticApproximationWrittenOut() {
        for (double y = -4; y <= 6; y += 0.25) {
            double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
            double direct = y > 0 ? -Math.log10(e / (1 + e)) : -Math.log10(1 - 1 / (1 + e));

            assertThat(PhiDetector.phi(1000 + 100 * y, 1000, 100)).as("y = %s", y)
                    .isCloseTo(direct, within(1e-9));
        }
    }

    @Test
    void phi_longSilence_staysFiniteAndKeepsGrowing() {
        double hour = PhiDetector.phi(3_600_000, 300, 100);
        double day = PhiDetector.phi(86_400_000, 300, 100);

        assertThat(hour).isFinite().isGreaterThan(1e9);
        assertThat(day).isFinite().isGreaterThan(hour);
    }

    @Test
    void phi_growsWithSilence() {
        PhiDetector detector = trained("a", 100, 10_000);
        double before = detector.phi("a");

        for (int step = 0; step < 60; step++) {
            clock.advance(25);
            double now = detector.phi("a");
            assertThat(now).as("after %d ms", (step + 1) * 25).isGreaterThan(before);
            before = now;
        }
    }

    @Test
    void phi_unknownNode_isZero() {
        assertThat(create(Map.of()).phi("never-heard")).isZero();
    }

    @Test
    void verdict_steadyHundredMillisecondHeartbeat_suspectAt606DeadAt823() {
        PhiDetector detector = trained("a", 100, 100_000);

        clock.advance(605);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(1);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        clock.advance(822 - 606);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        clock.advance(1);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @Test
    void verdict_slowerHeartbeat_isLearned() {
        PhiDetector detector = trained("a", 100, 10_000);
        clock.advance(700);
        assertThat(detector.verdict("a")).as("700 ms of silence at a 100 ms pace").isEqualTo(Verdict.SUSPECT);

        detector.heartbeat("a");
        new NameNodeDriver(clock, detector).heartbeats("a", 400, 120_000);
        clock.advance(700);

        assertThat(detector.verdict("a")).as("700 ms of silence at a 400 ms pace").isEqualTo(Verdict.ALIVE);
    }

    @Test
    void heartbeat_jitteryButAlive_isNeverDeclaredDead() {
        PhiDetector detector = create(Map.of());
        detector.heartbeat("a");
        SplittableRandom random = new SplittableRandom(42);

        // Mostly 50-150 ms apart, and one heartbeat in twenty held up 700 ms (a GC pause, a stall):
        // more than the probe detector's 300 ms deadline, and no probe answers for it here.
        var seen = new NameNodeDriver(clock, detector).heartbeats("a",
                () -> random.nextInt(20) == 0 ? 700 : random.nextLong(50, 151), 600_000);

        assertThat(seen).doesNotContain(Verdict.DEAD);
    }

    @Test
    void probed_failures_areNoEvidence() {
        PhiDetector detector = trained("a", 100, 10_000);
        clock.advance(650);
        double phi = detector.phi("a");

        for (int i = 0; i < 10; i++) {
            detector.probed("a", false);
        }

        assertThat(detector.phi("a")).isEqualTo(phi);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void probed_answered_resetsTheSilenceButAddsNoSample() {
        PhiDetector probed = trained("a", 100, 10_000);
        clock.advance(650);

        probed.probed("a", true);
        clock.advance(400);

        assertThat(probed.phi("a")).as("400 ms after the answer, on the 100 ms history")
                .isCloseTo(PhiDetector.phi(400, 300, 100), within(1e-3));
    }

    @Test
    void heartbeat_afterDeath_startsTheHistoryAfresh() {
        PhiDetector detector = trained("a", 400, 120_000);
        clock.advance(60_000);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);

        detector.heartbeat("a");
        clock.advance(700);

        assertThat(detector.verdict("a")).as("judged on the configured 100 ms again, outage not counted")
                .isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void create_options_moveTheVerdicts() {
        PhiDetector detector = create(Map.of(PhiDetectorProvider.THRESHOLD, "1.5",
                PhiDetectorProvider.SUSPECT, "0.5", PhiDetectorProvider.ACCEPTABLE_PAUSE, "0",
                PhiDetectorProvider.MIN_STD_DEVIATION, "10", PhiDetectorProvider.WINDOW, "10"));
        new NameNodeDriver(clock, detector).heartbeats("a", 100, 10_000);

        clock.advance(100);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(10);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        clock.advance(15);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            phi.threshold          | abc  | phi.threshold: abc (expected: a decimal number > 0)
            phi.threshold          | 0    | phi.threshold: 0 (expected: a decimal number > 0)
            phi.threshold          | NaN  | phi.threshold: NaN (expected: a decimal number > 0)
            phi.threshold          | 2    | phi.suspect: 3 (expected: below phi.threshold, 2)
            phi.suspect            | 8    | phi.suspect: 8 (expected: below phi.threshold, 8)
            phi.suspect            | 1e1  | phi.suspect: 1e1 (expected: a decimal number > 0)
            phi.window             | 1    | phi.window: 1 (expected: a whole number from 2 to 100000)
            phi.window             | many | phi.window: many (expected: a whole number from 2 to 100000)
            phi.window             | 100001 | phi.window: 100001 (expected: a whole number from 2 to 100000)
            phi.min-std-dev-ms     | 0    | phi.min-std-dev-ms: 0 (expected: a whole number of milliseconds >= 1)
            phi.acceptable-pause-ms| -5   | phi.acceptable-pause-ms: -5 (expected: a whole number of milliseconds >= 0)
            """)
    void create_badOption_failsSayingWhatWasExpected(String option, String value, String message) {
        assertThatThrownBy(() -> create(Map.of(option, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
