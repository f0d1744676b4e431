package chkv.node.namenode;

import chkv.api.Reply;
import chkv.api.spi.FailureDetector;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.node.boot.Providers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * NameNodes on 127.0.0.1 with the real transport, and what talks to them: control connections
 * that record every message, and fake DataNodes with a RESP endpoint for the probes. Closes all
 * it opened.
 */
final class ControlFixture implements AutoCloseable {
    static final ClusterAuth SECRET = new ClusterAuth("s3cret".getBytes(StandardCharsets.UTF_8));
    static final Duration WAIT = Duration.ofSeconds(5);

    final Transport clients = transport();
    private final List<Runnable> opened = new ArrayList<>();

    static TransportConfig config() {
        TransportConfig d = TransportConfig.defaults();
        return new TransportConfig(1, d.maxBulkLength(), d.maxInlineLength(), d.maxMultiBulkLength(),
                d.maxFrameLength(), ClusterMessage.PROTOCOL_VERSION, ClusterMessage.types(), Map.of());
    }

    static Transport transport() {
        return Providers.transports().get("netty").create(config());
    }

    NameNode start(FailureDetector detector, NameNode.Settings settings) {
        NameNode node = NameNode.start(transport(), detector, settings);
        opened.add(node::close);
        return node;
    }

    static NameNode.Settings settings(Path dir) {
        return NameNode.Settings.of(new InetSocketAddress("127.0.0.1", 0), dir,
                name -> chkv.node.boot.Providers.hashFunctions().get(name).create()).withCluster("cache", 1, 64, "murmur3")
                .withAuth(SECRET);
    }

    Peer connect(NameNode node, ClusterAuth auth) {
        Peer peer = new Peer();
        ControlClient client = ControlClient.connect(clients, node.controlAddress(), "datanode", auth,
                peer.inbox::add, () -> peer.closed.complete(null)).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        peer.client = client;
        opened.add(client::close);
        return peer;
    }

    FakeDataNode dataNode() {
        FakeDataNode node = new FakeDataNode(clients);
        opened.add(node::close);
        return node;
    }

    @Override
    public void close() {
        for (Runnable c : opened.reversed()) {
            c.run();
        }
        clients.close();
    }

    /** A control connection that keeps every message it receives. */
    static final class Peer {
        final LinkedBlockingQueue<ClusterMessage> inbox = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        ControlClient client;

        void send(ClusterMessage message) {
            client.send(message).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }

        /** @return the next message, failing if none arrives in time */
        ClusterMessage next() throws InterruptedException {
            ClusterMessage m = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no message within " + WAIT);
            }
            return m;
        }

        <T extends ClusterMessage> T next(Class<T> type) throws InterruptedException {
            ClusterMessage m = next();
            if (!type.isInstance(m)) {
                throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
            }
            return type.cast(m);
        }

        /** @return the first update that passes {@code until}, failing if another message comes first */
        ClusterMessage.TopologyUpdate update(Predicate<ClusterMessage.TopologyUpdate> until) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                ClusterMessage m = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m instanceof ClusterMessage.TopologyUpdate u && until.test(u)) {
                    return u;
                }
                if (m != null && !(m instanceof ClusterMessage.TopologyUpdate)) {
                    throw new AssertionError("expected a TopologyUpdate, got " + m);
                }
            }
            throw new AssertionError("no such TopologyUpdate within " + WAIT);
        }
    }

    /** The RESP side of a DataNode, for the NameNode's probes: answers PONG, or stops answering. */
    static final class FakeDataNode implements AutoCloseable {
        private final Transport.RespEndpoint resp;
        private volatile boolean hang;
        /** {@link System#nanoTime()} when each command arrived. */
        private final List<Long> pingNanos = new java.util.concurrent.CopyOnWriteArrayList<>();

        FakeDataNode(Transport transport) {
            resp = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), (session, args) -> {
                pingNanos.add(System.nanoTime());
                // a reply that never comes: what a stopped process looks like to a probe
                return hang ? new Reply.Deferred(new CompletableFuture<>()) : new Reply.Simple("PONG");
            });
        }

        ClusterMessage.Join join() {
            return new ClusterMessage.Join("127.0.0.1", resp.address().getPort(), 0, 1);
        }

        String id() {
            return "127.0.0.1:" + resp.address().getPort();
        }

        int pings() {
            return pingNanos.size();
        }

        List<Long> pingNanos() {
            return pingNanos;
        }

        /** Accepts connections but never replies, as a process stopped by a signal. */
        void hang() {
            hang = true;
        }

        /** Refuses connections, as a process that was killed. */
        void kill() {
            resp.close();
        }

        @Override
        public void close() {
            resp.close();
        }
    }
}
