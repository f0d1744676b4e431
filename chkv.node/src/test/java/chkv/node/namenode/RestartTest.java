package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ChkvException;
import chkv.api.spi.FailureDetectorConfig;
import chkv.cluster.ClusterMessage;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import chkv.node.namenode.ControlFixture.FakeDataNode;
import chkv.node.namenode.ControlFixture.Peer;
import chkv.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NameNode restarted on its data directory continues from the epoch it last published. */
class RestartTest {
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

    @Test
    void restart_afterJoinsAndALeave_sameTopologyAndTheNextEpochFollows() throws InterruptedException {
        NameNode first = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        FakeDataNode b = fixture.dataNode();
        Peer peer = fixture.connect(first, ControlFixture.SECRET);
        peer.send(a.join());
        peer.next(ClusterMessage.Joined.class);
        peer.send(b.join());
        peer.next(ClusterMessage.Joined.class);
        peer.send(new ClusterMessage.Leave(b.id()));
        Topology before = peer.next(ClusterMessage.Left.class).topology();
        assertThat(before.epoch()).isEqualTo(4);
        first.close();

        ScriptedDetector detector = new ScriptedDetector();
        NameNode second = fixture.start(detector, ControlFixture.settings(dir));
        assertThat(second.topology()).isEqualTo(before);
        assertThat(detector.heartbeats).as("members start freshly heard from").containsExactly(a.id());
        Peer again = fixture.connect(second, ControlFixture.SECRET);
        again.send(a.join());
        assertThat(again.next(ClusterMessage.Joined.class).topology()).as("a rejoin after the restart").isEqualTo(before);
        again.send(b.join());
        assertThat(again.next(ClusterMessage.Joined.class).topology().epoch()).isEqualTo(5);
        second.close();

        NameNode third = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir).withCluster("cache", 2, 64, "murmur3"));
        assertThat(third.topology().epoch()).as("new settings are a new epoch").isEqualTo(6);
        assertThat(third.topology().replicas()).isEqualTo(2);
        assertThat(third.topology().members()).hasSize(2);
    }

    @Test
    void restart_tornLastRecord_continuesFromTheLastDurableEpoch() throws Exception {
        NameNode first = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        Peer peer = fixture.connect(first, ControlFixture.SECRET);
        peer.send(a.join());
        assertThat(peer.next(ClusterMessage.Joined.class).topology().epoch()).isEqualTo(2);
        first.close();
        Path log = dir.resolve(ChangeLog.FILE);
        // a crash in the middle of writing epoch 3: its record is there only in part
        Files.write(log, new byte[] {0, 0, 0, 40, 1, 2}, java.nio.file.StandardOpenOption.APPEND);

        NameNode second = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        assertThat(second.topology().epoch()).isEqualTo(2);
        Peer again = fixture.connect(second, ControlFixture.SECRET);
        again.send(new ClusterMessage.Leave(a.id()));
        assertThat(again.next(ClusterMessage.Left.class).topology().epoch()).isEqualTo(3);
    }

    @Test
    void restart_memberThatNeverComesBack_declaredDead() throws InterruptedException {
        NameNode first = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        FakeDataNode a = fixture.dataNode();
        Peer peer = fixture.connect(first, ControlFixture.SECRET);
        peer.send(a.join());
        long joined = peer.next(ClusterMessage.Joined.class).topology().epoch();
        first.close();
        a.kill();

        FakeClock clock = new FakeClock();
        var detector = Providers.failureDetectors().get("probe")
                .create(new FailureDetectorConfig(clock, Duration.ofMillis(100), 3, Map.of()));
        NameNode second = fixture.start(detector, ControlFixture.settings(dir).withClock(clock));
        Peer watcher = fixture.connect(second, ControlFixture.SECRET);
        watcher.send(new ClusterMessage.Subscribe(joined));
        clock.advance(301);
        Topology dead = watcher.update(u -> u.topology().member(a.id())
                .map(m -> m.state() == MemberState.DEAD).orElse(false)).topology();
        assertThat(dead.epoch()).isEqualTo(joined + 1);
    }

    @Test
    void restart_longLog_compactedToASnapshotThatTheNextStartReads() throws Exception {
        Topology t = Membership.initial();
        try (ChangeLog log = ChangeLog.open(dir)) {
            for (int i = 0; i <= NameNode.COMPACT_AFTER; i++) {
                Change c = i == 0 ? new Change.Configure("cache", 1, 64, "murmur3")
                        : i % 2 == 1 ? new Change.AddMember(new chkv.cluster.Member("h:" + (7000 + i % 10), "h",
                                7000 + i % 10, 0, MemberState.UP, 1))
                        : new Change.SetState("h:" + (7000 + (i - 1) % 10), MemberState.DEAD);
                t = Membership.apply(t, c).orElseThrow();
                log.append(t.epoch(), c);
            }
        }
        long before = Files.size(dir.resolve(ChangeLog.FILE));
        NameNode first = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        assertThat(first.topology()).isEqualTo(t);
        first.close();
        assertThat(Files.size(dir.resolve(ChangeLog.FILE))).isLessThan(before / 10);
        try (ChangeLog log = ChangeLog.open(dir)) {
            assertThat(log.recovered().snapshot()).isEqualTo(t);
            assertThat(log.recovered().changes()).isEmpty();
        }
        NameNode second = fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        assertThat(second.topology()).isEqualTo(t);
        Peer peer = fixture.connect(second, ControlFixture.SECRET);
        peer.send(new ClusterMessage.Leave("h:7001"));
        assertThat(peer.next(ClusterMessage.Left.class).topology().epoch()).isEqualTo(t.epoch() + 1);
    }

    @Test
    void start_dataDirectoryInUse_failsAndClosesItsTransport() {
        fixture.start(new ScriptedDetector(), ControlFixture.settings(dir));
        var transport = ControlFixture.transport();
        assertThatThrownBy(() -> NameNode.start(transport, new ScriptedDetector(), ControlFixture.settings(dir)))
                .isInstanceOf(ChkvException.class).hasMessageContaining("locked by another NameNode");
        assertThatThrownBy(() -> transport.serveResp(new java.net.InetSocketAddress("127.0.0.1", 0), (s, a) -> null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
