package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accepting side of the handshake, driven message by message without a socket. */
class ControlHandlerTest {
    private static final long TIMEOUT_MILLIS = 200;

    @TempDir
    Path dir;
    private ChangeLog log;
    private ScheduledExecutorService loop;
    private ControlHandler handler;

    @BeforeEach
    void start() throws IOException {
        log = ChangeLog.open(dir);
        Registry registry = new Registry(log, Membership.initial(), new ScriptedDetector(), java.time.Clock.systemUTC(),
                name -> chkv.node.boot.Providers.hashFunctions().get(name).create());
        loop = Executors.newSingleThreadScheduledExecutor();
        handler = new ControlHandler(ControlFixture.SECRET, registry, loop, TIMEOUT_MILLIS);
    }

    @AfterEach
    void stop() throws Exception {
        loop.shutdownNow();
        assertThat(loop.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        log.close();
    }

    @Test
    void handshake_rightProof_welcomeProvesTheSecretBack() {
        FakeConnection c = new FakeConnection();
        byte[] nonce = ClusterAuth.nonce();
        handler.received(c, new ClusterMessage.Hello("datanode", nonce));
        byte[] challenge = ((ClusterMessage.Challenge) c.sent.getFirst()).nonce();
        assertThat(challenge).hasSize(ClusterAuth.NONCE_BYTES).isNotEqualTo(nonce);
        handler.received(c, new ClusterMessage.Proof(ControlFixture.SECRET.connectingProof(nonce, challenge)));
        assertThat(c.sent).hasSize(2);
        assertThat(((ClusterMessage.Welcome) c.sent.get(1)).mac())
                .isEqualTo(ControlFixture.SECRET.acceptingProof(nonce, challenge));
        assertThat(c.closed).isFalse();
    }

    @Test
    void handshake_proofForAnotherChallenge_refused() {
        FakeConnection c = new FakeConnection();
        byte[] nonce = ClusterAuth.nonce();
        handler.received(c, new ClusterMessage.Hello("datanode", nonce));
        handler.received(c, new ClusterMessage.Proof(ControlFixture.SECRET.connectingProof(nonce, ClusterAuth.nonce())));
        assertThat(c.sent.get(1)).isInstanceOf(ClusterMessage.Refused.class);
        assertThat(c.closed).isTrue();
        handler.received(c, new ClusterMessage.StatusRequest());
        assertThat(c.sent).as("nothing after a refusal").hasSize(2);
    }

    @Test
    void handshake_shortNonce_refused() {
        FakeConnection c = new FakeConnection();
        handler.received(c, new ClusterMessage.Hello("datanode", new byte[8]));
        assertThat(c.sent).containsExactly(new ClusterMessage.Refused(
                "Hello: a nonce of 8 bytes (expected: 32)"));
        assertThat(c.closed).isTrue();
    }

    @Test
    void handshake_noProofInTime_refusedAndClosed() throws InterruptedException {
        FakeConnection c = new FakeConnection();
        handler.received(c, new ClusterMessage.Hello("datanode", ClusterAuth.nonce()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!c.closed && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(c.sent).hasSize(2);
        assertThat(c.sent.get(1)).isEqualTo(new ClusterMessage.Refused(
                "handshake: not finished within 200 ms (expected: Proof right after Challenge)"));
        assertThat(c.closed).isTrue();
    }

    /** Records what is sent on it; sending always succeeds. */
    private static final class FakeConnection implements Transport.MessageConnection {
        final List<Object> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public CompletionStage<Void> send(Object message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
