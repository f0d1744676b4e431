package chkv.client;

import chkv.api.ChkvException;
import chkv.api.spi.HashFunction;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Placement;
import chkv.cluster.Topology;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Holds the newest topology the NameNode published, subscribed on a control connection. When
 * the connection is lost it keeps the last topology (the data plane goes on serving) and
 * reconnects with a bounded exponential backoff, subscribing with the epoch it holds. An epoch
 * older than the one held is never applied.
 */
final class TopologyWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TopologyWatcher.class.getName());
    static final long FIRST_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    private final Transport transport;
    private final InetSocketAddress nameNode;
    private final String role;
    private final ClusterAuth auth;
    private final Function<String, HashFunction> hashes;
    private final ScheduledExecutorService timer;
    private final Consumer<Placement> onChange;
    private final CompletableFuture<Placement> first = new CompletableFuture<>();
    private volatile Placement placement;
    private volatile ControlClient control;
    private volatile boolean closed;
    private volatile String lastFailure = "no attempt yet";
    private long backoffMillis = FIRST_BACKOFF_MILLIS;

    /**
     * @param hashes the hash function of a name a topology gives; throws for an unknown one
     * @param onChange told of each newer placement, on the timer thread
     */
    TopologyWatcher(Transport transport, InetSocketAddress nameNode, String role, ClusterAuth auth,
            Function<String, HashFunction> hashes, ScheduledExecutorService timer, Consumer<Placement> onChange) {
        this.transport = transport;
        this.nameNode = nameNode;
        this.role = role;
        this.auth = auth;
        this.hashes = hashes;
        this.timer = timer;
        this.onChange = onChange;
    }

    /** @return completes with the first topology */
    CompletableFuture<Placement> start() {
        connect();
        return first;
    }

    /** @return the newest placement, or {@code null} before the first */
    Placement current() {
        return placement;
    }

    /** @return why the last attempt to reach the NameNode failed */
    String lastFailure() {
        return lastFailure;
    }

    /** Asks for a newer epoch than the one held: a node answered that the ring has moved on. */
    void refresh() {
        ControlClient c = control;
        if (c != null && c.isOpen()) {
            c.send(new ClusterMessage.Subscribe(epoch()));
        }
    }

    private long epoch() {
        Placement p = placement;
        return p == null ? 0 : p.epoch();
    }

    private void connect() {
        if (closed) {
            return;
        }
        ControlClient.connect(transport, nameNode, role, auth, this::received, this::lost)
                .whenComplete((client, failure) -> {
                    if (failure != null) {
                        lastFailure = Connections.rootMessage(failure);
                        LOG.log(System.Logger.Level.DEBUG, () -> "NameNode " + nameNode + ": " + lastFailure);
                        return; // lost() schedules the next attempt
                    }
                    control = client;
                    if (closed) {
                        client.close();
                        return;
                    }
                    client.send(new ClusterMessage.Subscribe(epoch()));
                });
    }

    private void received(ClusterMessage message) {
        if (message instanceof ClusterMessage.TopologyUpdate(Topology topology)) {
            onTimer(() -> apply(topology));
        }
    }

    /** On the timer thread, so updates apply one at a time and in order. */
    private void apply(Topology topology) {
        if (topology.epoch() <= epoch() && placement != null) {
            return;
        }
        Placement next;
        try {
            next = new Placement(topology, hashes.apply(topology.hash()));
        } catch (RuntimeException e) {
            lastFailure = "topology " + topology.epoch() + ": " + e.getMessage();
            LOG.log(System.Logger.Level.WARNING, lastFailure);
            first.completeExceptionally(new ChkvException(lastFailure, e));
            return;
        }
        placement = next;
        backoffMillis = FIRST_BACKOFF_MILLIS;
        onChange.accept(next);
        first.complete(next);
    }

    private void lost() {
        control = null;
        if (closed) {
            return;
        }
        onTimer(() -> {
            long delay = backoffMillis;
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        });
    }

    /** Runs on the timer unless the client is closing, when the timer may already be shut down. */
    private void onTimer(Runnable task) {
        try {
            timer.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ControlClient c = control;
        if (c != null) {
            c.close();
        }
    }
}
