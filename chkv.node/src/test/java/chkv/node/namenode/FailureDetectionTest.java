package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetector.Verdict;
import chkv.api.spi.FailureDetectorConfig;
import chkv.cluster.ClusterMessage;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import chkv.node.namenode.ControlFixture.FakeDataNode;
import chkv.node.namenode.ControlFixture.Peer;
import chkv.testing.FakeClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failure detection: verdicts become one epoch each, pushed to subscribers; silent DataNodes die. */
class FailureDetectionTest {
    @TempDir
    Path dir;
    private ControlFixture fixture;

    @BeforeEach
    void open() {
        fixture = new ControlFixture();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static FailureDetector detector(String name, InstantSource clock) {
        return Providers.failureDetectors().get(name)
                .create(new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, Map.of()));
    }

    private static boolean dead(ClusterMessage.TopologyUpdate u, String id) {
        return u.topology().member(id).map(m -> m.state() == MemberState.DEAD).orElse(false);
    }

    @Test
    void deadVerdict_reportedEveryTick_oneEpochPushed() throws InterruptedException {
        ScriptedDetector detector = new ScriptedDetector();
        NameNode nameNode = fixture.start(detector, ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        Peer member = fixture.connect(nameNode, ControlFixture.SECRET);
        member.send(a.join());
        long joined = member.next(ClusterMessage.Joined.class).topology().epoch();
        Peer watcher = fixture.connect(nameNode, ControlFixture.SECRET);
        watcher.send(new ClusterMessage.Subscribe(joined));

        detector.verdicts.put(a.id(), Verdict.DEAD);
        Topology dead = watcher.update(u -> dead(u, a.id())).topology();
        assertThat(dead.epoch()).isEqualTo(joined + 1);
        assertThat(member.next(ClusterMessage.TopologyUpdate.class).topology()).isEqualTo(dead);
        Thread.sleep(20 * NameNode.Settings.DEFAULT_TICK.toMillis());
        assertThat(nameNode.topology()).isEqualTo(dead);
        assertThat(watcher.inbox).isEmpty();

        // it comes back: the rejoin is its first evidence again, and one more epoch
        detector.verdicts.put(a.id(), Verdict.ALIVE);
        member.send(a.join());
        Topology back = member.next(ClusterMessage.Joined.class).topology();
        assertThat(back.epoch()).isEqualTo(dead.epoch() + 1);
        assertThat(back.member(a.id()).orElseThrow().state()).isEqualTo(MemberState.UP);
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology()).isEqualTo(back);
        assertThat(detector.heartbeats).containsExactly(a.id(), a.id());
    }

    @Test
    void suspectVerdict_probesOneAtATimeAndPublishesNothing() throws InterruptedException {
        ScriptedDetector detector = new ScriptedDetector();
        NameNode nameNode = fixture.start(detector, ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        Peer member = fixture.connect(nameNode, ControlFixture.SECRET);
        member.send(a.join());
        long joined = member.next(ClusterMessage.Joined.class).topology().epoch();
        a.hang();
        detector.verdicts.put(a.id(), Verdict.SUSPECT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (detector.probes.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        detector.verdicts.put(a.id(), Verdict.ALIVE);
        assertThat(detector.probes).hasSizeGreaterThanOrEqualTo(3).containsOnly(a.id() + " failed");
        // a tick comes every 25 ms, a probe times out after 100: each next PING arrived only after
        // the previous probe had reported, so no two were ever in flight at once
        List<Long> pings = a.pingNanos();
        for (int i = 1; i < Math.min(pings.size(), detector.probeNanos.size() + 1); i++) {
            assertThat(pings.get(i)).as("PING %d after probe %d reported", i, i - 1)
                    .isGreaterThan(detector.probeNanos.get(i - 1));
        }
        assertThat(nameNode.topology().epoch()).isEqualTo(joined);
        assertThat(member.inbox).isEmpty();
    }

    @Test
    void silentDataNode_probeDetectorOnAFakeClock_declaredDeadOnce() throws InterruptedException {
        FakeClock clock = new FakeClock();
        NameNode nameNode = fixture.start(detector("probe", clock), ControlFixture.settings(dir).withClock(clock));
        FakeDataNode a = fixture.dataNode();
        Peer member = fixture.connect(nameNode, ControlFixture.SECRET);
        member.send(a.join());
        long joined = member.next(ClusterMessage.Joined.class).topology().epoch();
        for (int i = 0; i < 5; i++) {
            clock.advance(100);
            member.send(new ClusterMessage.Heartbeat(a.id(), joined, 0, 0));
        }
        Thread.sleep(100);
        assertThat(nameNode.topology().epoch()).isEqualTo(joined);
        assertThat(a.pings()).isZero();

        a.kill();
        clock.advance(301); // past the heartbeat interval and its grace: suspect, so probed
        Topology dead = member.update(u -> dead(u, a.id())).topology();
        assertThat(dead.epoch()).isEqualTo(joined + 1);
        Thread.sleep(100);
        assertThat(nameNode.topology()).isEqualTo(dead);
        assertThat(member.inbox).isEmpty();
    }

    @Test
    void answeringDataNode_probeDetectorOnAFakeClock_staysUp() throws InterruptedException {
        FakeClock clock = new FakeClock();
        NameNode nameNode = fixture.start(detector("probe", clock), ControlFixture.settings(dir).withClock(clock));
        FakeDataNode a = fixture.dataNode();
        Peer member = fixture.connect(nameNode, ControlFixture.SECRET);
        member.send(a.join());
        long joined = member.next(ClusterMessage.Joined.class).topology().epoch();
        clock.advance(301);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (a.pings() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(a.pings()).as("a suspect is probed").isPositive();
        Thread.sleep(200);
        assertThat(nameNode.topology().epoch()).isEqualTo(joined);
        assertThat(nameNode.topology().member(a.id()).orElseThrow().state()).isEqualTo(MemberState.UP);
    }

    /**
     * The real clock and the defaults: a DataNode heartbeating every 100 ms goes silent, killed
     * (connections refused) or stopped (connections accepted, never answered). A killed one is
     * dead within 2 s; a stopped one may only be paused, so the probe detector gives it its
     * three probe timeouts (about 3.3 s in all), while phi judges by the silence alone.
     */
    @ParameterizedTest
    @CsvSource({"probe, kill", "probe, hang", "phi, kill", "phi, hang"})
    void silentDataNode_realClock_deathPushedWithinTwoSeconds(String detectorName, String how) throws Exception {
        NameNode nameNode = fixture.start(detector(detectorName, Clock.systemUTC()), ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        Peer member = fixture.connect(nameNode, ControlFixture.SECRET);
        member.send(a.join());
        long joined = member.next(ClusterMessage.Joined.class).topology().epoch();
        Peer watcher = fixture.connect(nameNode, ControlFixture.SECRET);
        watcher.send(new ClusterMessage.Subscribe(joined));
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
        try {
            heart.scheduleAtFixedRate(() -> member.client.send(new ClusterMessage.Heartbeat(a.id(), joined, 0, 0)),
                    0, 100, TimeUnit.MILLISECONDS);
            Thread.sleep(1_000);
            assertThat(nameNode.topology().epoch()).as("alive while it heartbeats").isEqualTo(joined);
        } finally {
            heart.shutdownNow();
            assertThat(heart.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        long silent = System.nanoTime();
        if (how.equals("kill")) {
            a.kill();
            member.client.close();
        } else {
            a.hang();
        }
        Topology dead = watcher.update(u -> dead(u, a.id())).topology();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silent);
        System.out.printf("%s detector, DataNode %s: death pushed %d ms after it went silent%n",
                detectorName, how.equals("kill") ? "killed" : "stopped", millis);
        if (how.equals("kill") || detectorName.equals("phi")) {
            assertThat(millis).isLessThan(2_000);
        } else {
            long probes = 3 * NameNode.Settings.DEFAULT_PROBE_TIMEOUT.toMillis(); // the detector above: 3 probes
            assertThat(millis).as("a stopped node is given its probe timeouts").isBetween(probes, probes + 2_000);
        }
        assertThat(dead.epoch()).isEqualTo(joined + 1);
    }
}
