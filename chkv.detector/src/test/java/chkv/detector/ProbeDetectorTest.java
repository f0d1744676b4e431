package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetector.Verdict;
import chkv.api.spi.FailureDetectorConfig;
import chkv.testing.FakeClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed's rules: suspect after interval plus grace, dead after exactly {@code probes} failures. */
class ProbeDetectorTest {
    private final FakeClock clock = new FakeClock();

    private FailureDetector create(int probes, Map<String, String> options) {
        return new ProbeDetectorProvider().create(
                new FailureDetectorConfig(clock, Duration.ofMillis(100), probes, options));
    }

    /** A node heard from now, then silent until it is overdue (default grace: 300 ms in all). */
    private FailureDetector overdue() {
        FailureDetector detector = create(3, Map.of());
        detector.heartbeat("a");
        clock.advance(301);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        return detector;
    }

    @Test
    void verdict_suspect_onlyOnceIntervalPlusTwoIntervalsOfGraceHavePassed() {
        FailureDetector detector = create(3, Map.of());
        detector.heartbeat("a");

        clock.advance(300);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(1);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void create_graceOption_movesTheDeadline() {
        FailureDetector detector = create(3, Map.of(ProbeDetectorProvider.GRACE, "50"));
        detector.heartbeat("a");

        clock.advance(150);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(1);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void probed_exactlyThreeFailures_declareDead() {
        FailureDetector detector = overdue();

        detector.probed("a", false);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @Test
    void probed_failuresCount_isTheConfiguredProbes() {
        FailureDetector detector = create(5, Map.of());
        detector.heartbeat("a");
        clock.advance(301);

        for (int i = 0; i < 4; i++) {
            detector.probed("a", false);
        }
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @Test
    void probed_answeredBetweenFailures_restartsTheCount() {
        FailureDetector detector = overdue();
        detector.probed("a", false);
        detector.probed("a", false);

        detector.probed("a", true);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(301);
        detector.probed("a", false);
        detector.probed("a", false);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @Test
    void heartbeat_betweenFailures_restartsTheCount() {
        FailureDetector detector = overdue();
        detector.probed("a", false);
        detector.probed("a", false);

        detector.heartbeat("a");
        clock.advance(301);
        detector.probed("a", false);
        detector.probed("a", false);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void probed_failureReportedWhileNotOverdue_isStale() {
        FailureDetector detector = create(3, Map.of());
        detector.heartbeat("a");

        for (int i = 0; i < 3; i++) {
            detector.probed("a", false);
        }

        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(301);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void verdict_silenceWithoutProbes_staysSuspect() {
        FailureDetector detector = overdue();

        clock.advance(3_600_000);

        assertThat(detector.verdict("a")).as("only failed probes declare death").isEqualTo(Verdict.SUSPECT);
    }

    @Test
    void verdict_dead_staysDeadThroughTimeAndFurtherProbes() {
        FailureDetector detector = overdue();
        for (int i = 0; i < 3; i++) {
            detector.probed("a", false);
        }

        clock.advance(60_000);
        detector.probed("a", true);
        detector.probed("a", false);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @Test
    void silence_probesOfAHundredMilliseconds_deathKnownInAboutSixHundred() {
        FailureDetector detector = create(3, Map.of());
        NameNodeDriver driver = new NameNodeDriver(clock, detector);
        driver.heartbeats("a", 100, 5_000);

        NameNodeDriver.Silence silence = driver.silence("a", 2_000);

        assertThat(silence.suspectAfter()).isBetween(301L, 310L);
        assertThat(silence.deadAfter()).isBetween(600L, 650L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", ""})
    void create_badGrace_failsWithTheValue(String grace) {
        assertThatThrownBy(() -> create(3, Map.of(ProbeDetectorProvider.GRACE, grace)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("probe.grace-ms: " + grace + " (expected: a whole number of milliseconds >= 0)");
    }

    @Test
    void create_zeroGrace_suspectsAsSoonAsOneIntervalIsMissed() {
        FailureDetector detector = create(3, Map.of(ProbeDetectorProvider.GRACE, "0"));
        detector.heartbeat("a");

        clock.advance(101);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);
    }
}
