package chkv.client;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A transport whose far ends live in memory: a NameNode that runs the secret handshake and
 * publishes a topology, and DataNodes ({@link FakeNode}) that keep keys in a map. Everything the
 * far ends send arrives on one thread of its own, as replies arrive on a real transport's I/O
 * threads.
 */
final class FakeCluster implements Transport {
    static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress NAME_NODE = new InetSocketAddress("127.0.0.1", 7370);

    final Map<InetSocketAddress, FakeNode> nodes = new ConcurrentHashMap<>();
    final List<Transport.MessageConnection> controlConnections = Collections.synchronizedList(new ArrayList<>());
    final List<String> roles = Collections.synchronizedList(new ArrayList<>());
    final java.util.concurrent.atomic.AtomicInteger subscribes = new java.util.concurrent.atomic.AtomicInteger();
    final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-io"));
    volatile Topology topology;
    volatile boolean nameNodeUp = true;
    private long epoch;

    /** @param ports the DataNodes, on 127.0.0.1 */
    FakeCluster(int... ports) {
        List<Member> members = new ArrayList<>();
        for (int port : ports) {
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
            nodes.put(a, new FakeNode(a));
            members.add(new Member(Member.idOf("127.0.0.1", port), "127.0.0.1", port, 0, MemberState.UP, 1));
        }
        topology = new Topology(++epoch, "cache", 1, 64, "fnv", members);
    }

    /** A hash for the tests: FNV-1a, 64 bits. */
    static long fnv(byte[] data, int offset, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** Publishes the next epoch with {@code members} to every subscriber. */
    synchronized void publish(List<Member> members) {
        topology = new Topology(++epoch, "cache", 1, 64, "fnv", members);
        for (Transport.MessageConnection c : List.copyOf(controlConnections)) {
            if (c.isOpen()) {
                deliverTo(c, new ClusterMessage.TopologyUpdate(topology));
            }
        }
    }

    /** Sends {@code t} to every subscriber as it is, older than what they hold or not. */
    void push(Topology t) {
        for (Transport.MessageConnection c : List.copyOf(controlConnections)) {
            if (c.isOpen()) {
                deliverTo(c, new ClusterMessage.TopologyUpdate(t));
            }
        }
    }

    /** Drops every control connection, as a NameNode that stops. */
    void dropControlConnections() {
        for (Transport.MessageConnection c : List.copyOf(controlConnections)) {
            c.close();
        }
    }

    private void deliverTo(Transport.MessageConnection c, Object message) {
        ((Control) c).deliver(message);
    }

    @Override
    public RespEndpoint serveResp(InetSocketAddress bind, CommandHandler handler) {
        throw new UnsupportedOperationException("a client serves nothing");
    }

    @Override
    public CompletionStage<RespConnection> connectResp(InetSocketAddress address) {
        FakeNode node = nodes.get(address);
        if (node == null || !node.up) {
            return CompletableFuture.failedFuture(new ChkvException("connection refused: " + address));
        }
        node.connections.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> new RespConnection() {
            private volatile boolean open = true;
            private final java.util.Set<CompletableFuture<Reply>> inFlight = ConcurrentHashMap.newKeySet();

            @Override
            public CompletionStage<Reply> send(byte[]... args) {
                if (!open) {
                    return CompletableFuture.failedFuture(new ChkvException("closed"));
                }
                if (node.silent) {
                    return new CompletableFuture<>();
                }
                byte[][] copy = args.clone();
                CompletableFuture<Void> held = node.held;
                if (held == null) {
                    return CompletableFuture.supplyAsync(() -> node.execute(copy), io);
                }
                CompletableFuture<Reply> reply = new CompletableFuture<>();
                inFlight.add(reply);
                held.thenRunAsync(() -> reply.complete(node.execute(copy)), io);
                return reply;
            }

            @Override
            public boolean isOpen() {
                return open && node.up;
            }

            @Override
            public void close() {
                open = false;
                // as a real connection does: what was sent and not answered fails
                inFlight.forEach(r -> r.completeExceptionally(new ChkvException("closed by " + address)));
            }
        }, io);
    }

    @Override
    public Endpoint serveMessages(InetSocketAddress bind, MessageHandler handler) {
        throw new UnsupportedOperationException("a client serves nothing");
    }

    @Override
    public CompletionStage<MessageConnection> connectMessages(InetSocketAddress address, MessageHandler handler) {
        if (!nameNodeUp || !address.equals(NAME_NODE)) {
            return CompletableFuture.failedFuture(new ChkvException("connection refused: " + address));
        }
        Control c = new Control(handler);
        controlConnections.add(c);
        return CompletableFuture.completedFuture(c);
    }

    /** The NameNode's end of one control connection. */
    private final class Control implements MessageConnection {
        private final MessageHandler handler;
        private final ClusterAuth auth = new ClusterAuth(SECRET);
        private final byte[] nonce = ClusterAuth.nonce();
        private byte[] theirNonce;
        private volatile boolean open = true;

        Control(MessageHandler handler) {
            this.handler = handler;
        }

        void deliver(Object message) {
            io.execute(() -> {
                if (open) {
                    handler.received(this, message);
                }
            });
        }

        @Override
        public CompletionStage<Void> send(Object message) {
            io.execute(() -> {
                switch ((ClusterMessage) message) {
                    case ClusterMessage.Hello(String role, byte[] n) -> {
                        roles.add(role);
                        theirNonce = n;
                        deliver(new ClusterMessage.Challenge(nonce));
                    }
                    case ClusterMessage.Proof(byte[] mac) -> {
                        if (ClusterAuth.matches(auth.connectingProof(theirNonce, nonce), mac)) {
                            deliver(new ClusterMessage.Welcome(auth.acceptingProof(theirNonce, nonce)));
                        } else {
                            close();
                        }
                    }
                    case ClusterMessage.Subscribe(long known) -> {
                        subscribes.incrementAndGet();
                        Topology t = topology;
                        if (t.epoch() > known) {
                            deliver(new ClusterMessage.TopologyUpdate(t));
                        }
                    }
                    default -> throw new IllegalStateException("unexpected " + message);
                }
            });
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return NAME_NODE;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                io.execute(() -> handler.closed(this));
            }
        }
    }

    @Override
    public String multiplexingApi() {
        return "fake";
    }

    @Override
    public void close() {
        io.shutdownNow();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
