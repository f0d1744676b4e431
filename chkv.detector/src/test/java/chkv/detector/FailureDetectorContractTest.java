package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetector.Verdict;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.FailureDetectorProvider;
import chkv.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every built-in detector meets, with a 100 ms heartbeat, the default options and
 * the NameNode's loop played by {@link NameNodeDriver}.
 */
class FailureDetectorContractTest {
    private final FakeClock clock = new FakeClock();

    static Stream<FailureDetectorProvider> providers() {
        return Stream.of(new ProbeDetectorProvider(), new PhiDetectorProvider());
    }

    private FailureDetector create(FailureDetectorProvider provider) {
        return provider.create(new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, Map.of()));
    }

    private FailureDetector deadAfterTraining(FailureDetectorProvider provider, String node) {
        FailureDetector detector = create(provider);
        NameNodeDriver driver = new NameNodeDriver(clock, detector);
        driver.heartbeats(node, 100, 5_000);
        assertThat(driver.silence(node, 2_000).deadAfter()).isPositive();
        return detector;
    }

    @ParameterizedTest
    @MethodSource("providers")
    void heartbeat_regular_staysAlive(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);
        detector.heartbeat("a");

        assertThat(new NameNodeDriver(clock, detector).heartbeats("a", 100, 60_000))
                .containsExactly(Verdict.ALIVE);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void silence_suspectFirst_thenDeadWellUnderASecond(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);
        NameNodeDriver driver = new NameNodeDriver(clock, detector);
        driver.heartbeats("a", 100, 10_000);

        NameNodeDriver.Silence silence = driver.silence("a", 5_000);

        assertThat(silence.suspectAfter()).as("a heartbeat one interval late is no suspicion").isGreaterThan(200);
        assertThat(silence.deadAfter()).isGreaterThan(silence.suspectAfter()).isLessThanOrEqualTo(900);
        assertThat(silence.backwards()).as("a verdict turned milder during the silence").isFalse();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void heartbeat_afterDeath_revives(FailureDetectorProvider provider) {
        FailureDetector detector = deadAfterTraining(provider, "a");
        NameNodeDriver driver = new NameNodeDriver(clock, detector);
        clock.advance(10_000);

        detector.heartbeat("a");

        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        assertThat(driver.heartbeats("a", 100, 5_000)).containsExactly(Verdict.ALIVE);
        assertThat(driver.silence("a", 2_000).deadAfter()).isBetween(200L, 900L);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void heartbeat_afterTheClockSteppedBack_isJudgedFromTheNewTime(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);
        NameNodeDriver driver = new NameNodeDriver(clock, detector);
        driver.heartbeats("a", 100, 5_000);

        clock.set(clock.millis() - 60_000);
        detector.heartbeat("a");

        assertThat(driver.heartbeats("a", 100, 5_000)).containsExactly(Verdict.ALIVE);
        assertThat(driver.silence("a", 2_000).deadAfter()).isBetween(200L, 900L);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void probed_answeredAfterDeath_doesNotRevive(FailureDetectorProvider provider) {
        FailureDetector detector = deadAfterTraining(provider, "a");

        detector.probed("a", true);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
        clock.advance(60_000);
        assertThat(detector.verdict("a")).isEqualTo(Verdict.DEAD);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void probed_answeredWhileSuspect_clearsTheSuspicion(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);
        new NameNodeDriver(clock, detector).heartbeats("a", 100, 5_000);
        while (detector.verdict("a") == Verdict.ALIVE) {
            clock.advance(NameNodeDriver.TICK_MILLIS);
        }
        assertThat(detector.verdict("a")).isEqualTo(Verdict.SUSPECT);

        detector.probed("a", true);

        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void remove_forgetsTheNode(FailureDetectorProvider provider) {
        FailureDetector detector = deadAfterTraining(provider, "a");

        detector.remove("a");

        assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
        clock.advance(60_000);
        detector.probed("a", false);
        assertThat(detector.verdict("a")).as("no evidence, no verdict against it").isEqualTo(Verdict.ALIVE);
        detector.heartbeat("a");
        assertThat(new NameNodeDriver(clock, detector).silence("a", 2_000).deadAfter()).isBetween(200L, 900L);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verdict_unknownNode_isAliveWhateverFailedProbesSay(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);

        assertThat(detector.verdict("never-heard")).isEqualTo(Verdict.ALIVE);
        for (int i = 0; i < 10; i++) {
            clock.advance(100);
            detector.probed("never-heard", false);
        }
        assertThat(detector.verdict("never-heard")).isEqualTo(Verdict.ALIVE);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void probed_answeredByUnknownNode_startsTrackingIt(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);

        detector.probed("a", true);

        assertThat(new NameNodeDriver(clock, detector).silence("a", 2_000).deadAfter()).isBetween(200L, 900L);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verdict_nodes_areJudgedApart(FailureDetectorProvider provider) {
        FailureDetector detector = create(provider);
        detector.heartbeat("silent");

        assertThat(new NameNodeDriver(clock, detector).heartbeats("busy", 100, 5_000))
                .containsExactly(Verdict.ALIVE);
        assertThat(detector.verdict("silent")).isNotEqualTo(Verdict.ALIVE);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void create_misspeltOwnOption_failsListingTheKnownOnes(FailureDetectorProvider provider) {
        String misspelt = provider.name() + ".nonsense";
        var config = new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, Map.of(misspelt, "1"));

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(provider.name() + " failure detector option: " + misspelt + " (expected one of: ")
                .hasMessageEndingWith(")");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void create_optionsOfTheOtherDetector_areLeftToIt(FailureDetectorProvider provider) {
        var options = Map.of("probe.grace-ms", "150", "phi.threshold", "9", "phi.window", "100");
        var config = new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, options);

        assertThat(provider.create(config).verdict("a")).isEqualTo(Verdict.ALIVE);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void create_subMillisecondInterval_fails(FailureDetectorProvider provider) {
        var config = new FailureDetectorConfig(clock, Duration.ofNanos(500_000), 3, Map.of());

        assertThatThrownBy(() -> provider.create(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("heartbeat interval: PT0.0005S (expected: at least 1 ms)");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void heartbeat_fromSeveralThreadsWhileJudged_keepsEveryNodeAlive(FailureDetectorProvider provider)
            throws Exception {
        FailureDetector detector = create(provider);
        Set<Verdict> seen = ConcurrentHashMap.newKeySet();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            tasks.add(() -> {
                for (int round = 0; round < 2_000; round++) {
                    clock.advance(round % 2);
                    for (int node = 0; node < 32; node++) {
                        detector.heartbeat("n" + node);
                    }
                }
                return null;
            });
        }
        tasks.add(() -> {
            for (int round = 0; round < 2_000; round++) {
                seen.add(detector.verdict("n" + round % 32));
            }
            return null;
        });

        try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        }

        assertThat(seen).containsExactly(Verdict.ALIVE);
        Set<Verdict> atTheEnd = EnumSet.noneOf(Verdict.class);
        for (int node = 0; node < 32; node++) {
            atTheEnd.add(detector.verdict("n" + node));
        }
        assertThat(atTheEnd).containsExactly(Verdict.ALIVE);
    }
}
