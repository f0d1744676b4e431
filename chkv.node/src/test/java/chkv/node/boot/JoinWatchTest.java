package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinWatchTest {
    private static final String JOINER = "127.0.0.1:7383";
    private static final InetSocketAddress NAMENODE = new InetSocketAddress("127.0.0.1", 7370);

    private final StringWriter text = new StringWriter();
    /** Every read moves the clock on 10 ms: nothing here sleeps for time to pass. */
    private final AtomicLong now = new AtomicLong();
    private final ScriptedNameNode nameNode = new ScriptedNameNode();

    private boolean follow() throws InterruptedException {
        try (JoinWatch watch = JoinWatch.start(nameNode, NAMENODE, new byte[0], () -> now.addAndGet(10_000_000), 1)) {
            return watch.follow(JOINER, new MoveProgressView(new PrintWriter(text), false, "joining " + JOINER,
                    "received", now::get));
        }
    }

    private static Topology topology(long epoch, MemberState joiner) {
        Member first = new Member("127.0.0.1:7380", "127.0.0.1", 7380, 7390, MemberState.UP, 1);
        return new Topology(epoch, "cache", 1, 16, "murmur3", joiner == null ? List.of(first)
                : List.of(first, new Member(JOINER, "127.0.0.1", 7383, 7393, joiner, 1)));
    }

    private static ClusterMessage.Status status(long epoch, MemberState joiner, long keys, long heartbeatAge,
            ClusterMessage.MoveStatus... moves) {
        return new ClusterMessage.Status(topology(epoch, joiner), List.of(
                new ClusterMessage.MemberStatus(JOINER, keys, 0, heartbeatAge)), List.of(moves));
    }

    private static ClusterMessage.MoveStatus move(long keys, long left, boolean done) {
        return new ClusterMessage.MoveStatus("127.0.0.1:7380", 2, 4, keys, keys * 100, left, 0, done);
    }

    @Test
    void follow_aJoinWithAHandOver_showsItsProgress_thenTheKeysTheNodeReportsOnceUp() throws InterruptedException {
        nameNode.statuses.add(status(2, MemberState.JOINING, 0, 0, move(100, 300, false)));
        nameNode.statuses.add(status(3, MemberState.UP, 390, 5_000));
        nameNode.statuses.add(status(3, MemberState.UP, 390, 5_000)); // a heartbeat from before it was up
        nameNode.statuses.add(status(3, MemberState.UP, 400, 0));

        assertThat(follow()).isTrue();

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.getFirst()).isEqualTo("joining 127.0.0.1:7383:  25% 100 keys (9.77K) received, "
                + "300 keys (~29.30K) left, 0B/s, 4 ranges from 1 source");
        assertThat(lines.getLast()).matches("joined: 400 keys \\(39\\.06K\\) received in \\d+\\.\\d s");
        assertThat(nameNode.statusRequests).isEqualTo(4);
    }

    @Test
    void follow_aJoinOverBeforeTheFirstStatus_isSeenInThePushedEpoch() throws InterruptedException {
        nameNode.pushed = topology(2, MemberState.JOINING);
        nameNode.statuses.add(status(3, MemberState.UP, 250, 0));

        assertThat(follow()).isTrue();

        assertThat(text.toString()).startsWith("joined: 250 keys received in ");
    }

    @Test
    void follow_aNodeDeclaredDeadMidJoin_waitsForItsJoinAgain() throws InterruptedException {
        nameNode.statuses.add(status(2, MemberState.JOINING, 0, 0, move(10, 90, false)));
        nameNode.statuses.add(status(3, MemberState.DEAD, 0, 0));
        nameNode.statuses.add(status(4, MemberState.JOINING, 0, 0, move(50, 50, false)));
        nameNode.statuses.add(status(5, MemberState.UP, 100, 0));

        assertThat(follow()).isTrue();

        assertThat(text.toString().lines().toList()).first().asString().startsWith("joining 127.0.0.1:7383:  10% ");
        assertThat(text.toString().lines().toList()).last().asString().startsWith("joined: 100 keys (9.77K)");
    }

    @Test
    void follow_aNodeUpWithoutAHandOver_printsNothing() throws InterruptedException {
        nameNode.statuses.add(status(2, null, 0, -1));
        nameNode.statuses.add(status(2, MemberState.UP, 0, 0));

        assertThat(follow()).isFalse();

        assertThat(text.toString()).isEmpty();
        assertThat(nameNode.statusRequests).isEqualTo(2);
    }

    @Test
    void follow_theNameNodeGoneMidJoin_saysTheJoinWasNotFollowedToItsEnd() throws InterruptedException {
        nameNode.statuses.add(status(2, MemberState.JOINING, 0, 0, move(10, 90, false)));
        nameNode.closeAfterStatuses = true;

        assertThat(follow()).isFalse();

        assertThat(text.toString().lines().toList()).last().isEqualTo(
                "join of 127.0.0.1:7383 not followed to its end: lost the NameNode; see chkv status");
    }

    /** A NameNode that answers at once, on the caller's thread: the handshake, then a status per request from a script. */
    private static final class ScriptedNameNode implements Transport {
        final Deque<ClusterMessage.Status> statuses = new ArrayDeque<>();
        Topology pushed = topology(1, null);
        boolean closeAfterStatuses;
        int statusRequests;
        private final ClusterAuth auth = new ClusterAuth(new byte[0]);
        private final byte[] nonce = ClusterAuth.nonce();
        private byte[] theirNonce;
        private ClusterMessage.Status last;

        @Override
        public CompletionStage<MessageConnection> connectMessages(InetSocketAddress address, MessageHandler handler) {
            MessageConnection connection = new MessageConnection() {
                private boolean open = true;

                @Override
                public CompletionStage<Void> send(Object message) {
                    switch (message) {
                        case ClusterMessage.Hello(String role, byte[] n) -> {
                            theirNonce = n;
                            handler.received(this, new ClusterMessage.Challenge(nonce));
                        }
                        case ClusterMessage.Proof _ -> handler.received(this,
                                new ClusterMessage.Welcome(auth.acceptingProof(theirNonce, nonce)));
                        case ClusterMessage.Subscribe _ -> handler.received(this, new ClusterMessage.TopologyUpdate(pushed));
                        case ClusterMessage.StatusRequest _ -> {
                            statusRequests++;
                            if (statuses.isEmpty() && closeAfterStatuses) {
                                close();
                            } else {
                                last = statuses.isEmpty() ? last : statuses.poll();
                                handler.received(this, last);
                            }
                        }
                        default -> throw new AssertionError("unexpected " + message);
                    }
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public InetSocketAddress remoteAddress() {
                    return NAMENODE;
                }

                @Override
                public boolean isOpen() {
                    return open;
                }

                @Override
                public void close() {
                    if (open) {
                        open = false;
                        handler.closed(this);
                    }
                }
            };
            return CompletableFuture.completedFuture(connection);
        }

        @Override
        public RespEndpoint serveResp(InetSocketAddress bind, CommandHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<RespConnection> connectResp(InetSocketAddress address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Endpoint serveMessages(InetSocketAddress bind, MessageHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String multiplexingApi() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }
}
