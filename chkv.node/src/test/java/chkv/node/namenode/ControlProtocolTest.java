package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.node.namenode.ControlFixture.FakeDataNode;
import chkv.node.namenode.ControlFixture.Peer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control protocol over real sockets: the secret handshake, joins, leaves, pushes and status. */
class ControlProtocolTest {
    @TempDir
    Path dir;
    private ControlFixture fixture;
    private ScriptedDetector detector;
    private NameNode nameNode;

    @BeforeEach
    void start() {
        fixture = new ControlFixture();
        detector = new ScriptedDetector();
        nameNode = fixture.start(detector, ControlFixture.settings(dir));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void handshake_rightSecret_welcomedAndServed() throws InterruptedException {
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        assertThat(peer.client.isOpen()).isTrue();
        peer.send(new ClusterMessage.StatusRequest());
        assertThat(peer.next(ClusterMessage.Status.class).topology().epoch()).isEqualTo(1);
    }

    @Test
    void handshake_wrongSecret_refused() {
        ClusterAuth wrong = new ClusterAuth("guess".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fixture.connect(nameNode, wrong))
                .hasMessageContaining("refused: cluster secret does not match");
        assertThatThrownBy(() -> fixture.connect(nameNode, new ClusterAuth(new byte[0])))
                .hasMessageContaining("refused: cluster secret does not match");
    }

    @Test
    void request_wrongProof_refusedClosedAndNothingJoinsOrIsPushed() throws Exception {
        FakeDataNode data = fixture.dataNode();
        Raw raw = Raw.open(fixture.clients, nameNode);
        raw.connection.send(new ClusterMessage.Hello("datanode", ClusterAuth.nonce()));
        assertThat(raw.next()).isInstanceOf(ClusterMessage.Challenge.class);
        raw.connection.send(new ClusterMessage.Proof(new byte[32]));
        raw.connection.send(data.join());
        raw.connection.send(new ClusterMessage.Subscribe(0));
        assertThat(raw.next()).isInstanceOf(ClusterMessage.Refused.class)
                .extracting(m -> ((ClusterMessage.Refused) m).reason()).asString()
                .startsWith("cluster secret does not match");
        raw.closed.get(5, TimeUnit.SECONDS);
        // a join by a welcomed peer is ordered after anything the refused one sent
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(new ClusterMessage.StatusRequest());
        assertThat(peer.next(ClusterMessage.Status.class).topology().members()).isEmpty();
        assertThat(raw.inbox).isEmpty();
        assertThat(nameNode.topology().epoch()).isEqualTo(1);
    }

    @Test
    void request_beforeHandshake_refusedAndClosed() throws Exception {
        for (ClusterMessage first : new ClusterMessage[] {fixture.dataNode().join(), new ClusterMessage.Subscribe(0),
                new ClusterMessage.Heartbeat("127.0.0.1:1", 1, 0, 0), new ClusterMessage.Leave("x:1")}) {
            Raw raw = Raw.open(fixture.clients, nameNode);
            raw.connection.send(first);
            Object reply = raw.next();
            assertThat(reply).isInstanceOf(ClusterMessage.Refused.class);
            assertThat(((ClusterMessage.Refused) reply).reason())
                    .isEqualTo(first.getClass().getSimpleName() + " before the handshake (expected: Hello with a 32-byte nonce)");
            raw.closed.get(5, TimeUnit.SECONDS);
        }
        assertThat(nameNode.topology().epoch()).isEqualTo(1);
        assertThat(nameNode.topology().members()).isEmpty();
    }

    @Test
    void subscribe_eachNewEpoch_pushedInOrderToEverySubscriber() throws InterruptedException {
        Peer watcher = fixture.connect(nameNode, ControlFixture.SECRET);
        watcher.send(new ClusterMessage.Subscribe(0));
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology().epoch()).isEqualTo(1);

        FakeDataNode a = fixture.dataNode();
        Peer peerA = fixture.connect(nameNode, ControlFixture.SECRET);
        peerA.send(a.join());
        ClusterMessage.Joined joined = peerA.next(ClusterMessage.Joined.class);
        assertThat(joined.memberId()).isEqualTo(a.id());
        assertThat(joined.topology().epoch()).isEqualTo(2);
        assertThat(joined.topology().members()).extracting(Member::id).containsExactly(a.id());
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology()).isEqualTo(joined.topology());

        FakeDataNode b = fixture.dataNode();
        Peer peerB = fixture.connect(nameNode, ControlFixture.SECRET);
        peerB.send(b.join());
        assertThat(peerB.next(ClusterMessage.Joined.class).topology().epoch()).isEqualTo(3);
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology().epoch()).isEqualTo(3);
        // the joining connection is subscribed from its epoch on
        assertThat(peerA.next(ClusterMessage.TopologyUpdate.class).topology().epoch()).isEqualTo(3);

        peerA.send(new ClusterMessage.Leave(a.id()));
        ClusterMessage.Left left = peerA.next(ClusterMessage.Left.class);
        assertThat(left.topology().epoch()).isEqualTo(4);
        assertThat(left.topology().members()).extracting(Member::id).containsExactly(b.id());
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology()).isEqualTo(left.topology());
        assertThat(peerB.next(ClusterMessage.TopologyUpdate.class).topology()).isEqualTo(left.topology());
        assertThat(detector.removed).containsExactly(a.id());
        assertThat(nameNode.topology()).isEqualTo(left.topology());
    }

    @Test
    void subscribe_atTheCurrentEpoch_nothingUntilTheNext() throws InterruptedException {
        Peer watcher = fixture.connect(nameNode, ControlFixture.SECRET);
        watcher.send(new ClusterMessage.Subscribe(1));
        watcher.send(new ClusterMessage.StatusRequest());
        assertThat(watcher.next()).isInstanceOf(ClusterMessage.Status.class);
        FakeDataNode a = fixture.dataNode();
        fixture.connect(nameNode, ControlFixture.SECRET).send(a.join());
        assertThat(watcher.next(ClusterMessage.TopologyUpdate.class).topology().epoch()).isEqualTo(2);
    }

    @Test
    void join_sameAddressAgain_sameMemberNoNewEpoch() throws InterruptedException {
        FakeDataNode a = fixture.dataNode();
        Peer first = fixture.connect(nameNode, ControlFixture.SECRET);
        first.send(a.join());
        ClusterMessage.Joined joined = first.next(ClusterMessage.Joined.class);
        Peer again = fixture.connect(nameNode, ControlFixture.SECRET);
        again.send(a.join());
        ClusterMessage.Joined rejoined = again.next(ClusterMessage.Joined.class);
        assertThat(rejoined).isEqualTo(joined);
        assertThat(nameNode.topology().epoch()).isEqualTo(2);
        assertThat(detector.heartbeats).containsExactly(a.id(), a.id());
    }

    @Test
    void join_badWeightOrPort_refusedWithTheReason() throws InterruptedException {
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(new ClusterMessage.Join("127.0.0.1", 7380, 0, 101));
        assertThat(peer.next(ClusterMessage.Refused.class).reason()).isEqualTo("join: weight 101 (expected: 1 to 100)");
        peer.send(new ClusterMessage.Join("127.0.0.1", 0, 0, 1));
        assertThat(peer.next(ClusterMessage.Refused.class).reason()).startsWith("member 127.0.0.1:0: ports 0/0");
        assertThat(nameNode.topology().epoch()).isEqualTo(1);
    }

    @Test
    void leave_unknownMember_refusedNamingTheMembers() throws InterruptedException {
        FakeDataNode a = fixture.dataNode();
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(a.join());
        peer.next(ClusterMessage.Joined.class);
        peer.send(new ClusterMessage.Leave("10.9.9.9:1"));
        assertThat(peer.next(ClusterMessage.Refused.class).reason())
                .isEqualTo("leave: 10.9.9.9:1 is not a member (expected one of: " + a.id() + ")");
        assertThat(nameNode.topology().epoch()).isEqualTo(2);
    }

    @Test
    void status_reportsWhatEachMemberLastSent() throws InterruptedException {
        FakeDataNode a = fixture.dataNode();
        FakeDataNode b = fixture.dataNode();
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(a.join());
        peer.next(ClusterMessage.Joined.class);
        peer.send(b.join());
        // the requester hears of the epoch in the reply, not in a push as well
        assertThat(peer.next(ClusterMessage.Joined.class).topology().epoch()).isEqualTo(3);
        peer.send(new ClusterMessage.Heartbeat(a.id(), 3, 42, 4096));
        peer.send(new ClusterMessage.StatusRequest());
        ClusterMessage.Status status = peer.next(ClusterMessage.Status.class);
        assertThat(status.topology()).isEqualTo(nameNode.topology());
        assertThat(status.members()).hasSize(2);
        ClusterMessage.MemberStatus reported = status.members().stream().filter(s -> s.memberId().equals(a.id()))
                .findFirst().orElseThrow();
        assertThat(reported.keys()).isEqualTo(42);
        assertThat(reported.memoryBytes()).isEqualTo(4096);
        assertThat(reported.heartbeatAgeMillis()).isBetween(0L, 5_000L);
        assertThat(status.members()).filteredOn(s -> s.memberId().equals(b.id()))
                .containsExactly(new ClusterMessage.MemberStatus(b.id(), 0, 0, -1));
        assertThat(detector.heartbeats).containsExactly(a.id(), b.id(), a.id());
        assertThat(peer.inbox).isEmpty();
    }

    @Test
    void heartbeat_unknownMember_refusedAndNotFedToTheDetector() throws InterruptedException {
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(new ClusterMessage.Heartbeat("10.9.9.9:1", 1, 0, 0));
        assertThat(peer.next(ClusterMessage.Refused.class).reason())
                .isEqualTo("heartbeat: 10.9.9.9:1 is not a member (expected: Join first)");
        assertThat(detector.heartbeats).isEmpty();
    }

    @Test
    void status_suspectMember_shownSuspectUnderTheSameEpoch() throws InterruptedException {
        FakeDataNode a = fixture.dataNode();
        Peer peer = fixture.connect(nameNode, ControlFixture.SECRET);
        peer.send(a.join());
        long epoch = peer.next(ClusterMessage.Joined.class).topology().epoch();
        detector.verdicts.put(a.id(), chkv.api.spi.FailureDetector.Verdict.SUSPECT);
        long deadline = System.nanoTime() + ControlFixture.WAIT.toNanos();
        while (!detector.probes.contains(a.id() + " answered") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(detector.probes).contains(a.id() + " answered");
        peer.send(new ClusterMessage.StatusRequest());
        ClusterMessage.Status status = peer.next(ClusterMessage.Status.class);
        assertThat(status.topology().epoch()).isEqualTo(epoch);
        assertThat(status.topology().member(a.id()).orElseThrow().state()).isEqualTo(MemberState.SUSPECT);
        assertThat(nameNode.topology().member(a.id()).orElseThrow().state()).isEqualTo(MemberState.UP);
        assertThat(nameNode.topology().epoch()).isEqualTo(epoch);
        assertThat(peer.inbox).isEmpty();
    }

    /** A message connection that skips the handshake, to send what a ControlClient never would. */
    private record Raw(Transport.MessageConnection connection, LinkedBlockingQueue<Object> inbox,
            CompletableFuture<Void> closed) {
        static Raw open(Transport transport, NameNode node) {
            LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Transport.MessageConnection c = transport.connectMessages(node.controlAddress(), new Transport.MessageHandler() {
                @Override
                public void received(Transport.MessageConnection from, Object message) {
                    inbox.add(message);
                }

                @Override
                public void closed(Transport.MessageConnection connection) {
                    closed.complete(null);
                }
            }).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
            return new Raw(c, inbox, closed);
        }

        Object next() throws InterruptedException {
            Object m = inbox.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 5 s");
            }
            return m;
        }
    }
}
