package chkv.node.datanode;

import chkv.api.spi.HashFunction;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Placement;
import chkv.cluster.Topology;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DataNode's membership: joins the NameNode (again after every lost connection, as the same
 * member), sends a heartbeat every interval, and applies each newer epoch to the router. When
 * the NameNode is gone the node keeps serving on the last epoch it has. All of it runs on one
 * cluster thread, so no state here needs a lock.
 */
final class ClusterMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMember.class);
    private static final long MAX_BACKOFF_MS = 1_000;
    /** How long a node that left keeps answering, so clients learn the new epoch from it. */
    private static final long MIN_LINGER_MILLIS = 200;
    private static final long QUIET_MILLIS = 300;
    private static final long MAX_LINGER_MILLIS = 5_000;

    private final Transport transport;
    private final InetSocketAddress nameNode;
    private final ClusterAuth auth;
    private final String host;
    private final int respPort;
    private final Store store;
    private final Function<String, HashFunction> hashes;
    private final Map<String, HashFunction> hashByName = new ConcurrentHashMap<>();
    private final ClusterRouter router;
    private final OrphanSweep sweep;
    private final ScheduledExecutorService thread;
    private final String id;
    private final int controlPort;
    private final Mover mover;
    /** Completes when the NameNode answers this node's own Leave, or the connection is lost. */
    private final CompletableFuture<Void> left = new CompletableFuture<>();
    private volatile boolean database;
    private volatile boolean leaving;
    /** Whether an epoch has listed this node: one that no longer does has been taken out. */
    private volatile boolean member;
    private volatile Runnable removed = () -> { };
    private volatile ControlClient control;
    private volatile boolean joined;
    private volatile boolean closed;
    private long backoffMs;
    private boolean unreachableLogged;

    /**
     * @param controlPort the port new owners of this node's ranges are reached on by others
     *     handing ranges to it, 0 when it serves none
     * @param moveRate the most bytes per second this node sends when it hands ranges over
     * @param quiesce returns once the commands running when it was called have finished
     */
    ClusterMember(Transport transport, InetSocketAddress nameNode, ClusterAuth auth, String host, int respPort,
            int controlPort, long moveRate, Store store, Function<String, HashFunction> hashes, ClusterRouter router,
            ScheduledExecutorService thread, Runnable quiesce) {
        this.transport = transport;
        this.nameNode = nameNode;
        this.auth = auth;
        this.host = host;
        this.respPort = respPort;
        this.store = store;
        this.hashes = hashes;
        this.router = router;
        this.thread = thread;
        this.id = Member.idOf(host, respPort);
        this.controlPort = controlPort;
        this.sweep = new OrphanSweep(store, router, thread);
        this.mover = new Mover(store, router, transport, auth, id, moveRate, progress -> post(() -> {
            ControlClient c = control;
            if (c != null) {
                c.send(progress);
            }
        }), quiesce);
    }

    /** Connects and joins in the background, and starts the heartbeats. */
    void start(Duration heartbeat) {
        thread.execute(this::connect);
        long every = heartbeat.toMillis();
        thread.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** @return this node's member id */
    String id() {
        return id;
    }

    private void connect() {
        if (closed) {
            return;
        }
        ControlClient.connect(transport, nameNode, "datanode", auth,
                message -> post(() -> received(message)),
                () -> post(this::disconnected))
                .whenComplete((client, failure) -> post(() -> {
                    if (failure != null) {
                        if (!unreachableLogged) {
                            LOG.warn("{}; serving on epoch {} and retrying", failure.getMessage(), epoch());
                            unreachableLogged = true;
                        }
                        return; // disconnected() schedules the retry
                    }
                    if (closed) {
                        client.close();
                        return;
                    }
                    unreachableLogged = false;
                    control = client;
                    client.send(new ClusterMessage.Join(host, respPort, controlPort, 1));
                }));
    }

    /** Runs on the cluster thread; after close, what the connection reports no longer matters. */
    private void post(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    private void disconnected() {
        boolean wasJoined = joined;
        control = null;
        joined = false;
        if (leaving) {
            left.complete(null); // the NameNode is gone, or this node is out: nobody to hand over to
        }
        if (closed || left.isDone()) {
            return; // a node that left never joins again by itself
        }
        if (wasJoined) {
            LOG.warn("lost the NameNode at {}; serving on epoch {} and reconnecting", nameNode, epoch());
            backoffMs = 0;
        }
        backoffMs = backoffMs == 0 ? 50 : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        thread.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
    }

    private void received(ClusterMessage message) {
        switch (message) {
            case ClusterMessage.Joined(String memberId, Topology topology) -> {
                joined = true;
                backoffMs = 0;
                LOG.info("joined the cluster as {} at epoch {}", memberId, topology.epoch());
                apply(topology);
            }
            case ClusterMessage.TopologyUpdate(Topology topology) -> apply(topology);
            case ClusterMessage.MoveOrder order -> mover.order(order);
            case ClusterMessage.MoveFinish(long epoch) -> mover.finish(epoch);
            case ClusterMessage.Left(Topology topology) -> {
                apply(topology);
                left.complete(null);
            }
            case ClusterMessage.Refused(String reason) -> {
                if (left.isDone()) {
                    return; // a heartbeat that crossed the answer to this node's leave
                }
                LOG.error("the NameNode refused this node: {}", reason);
                ControlClient c = control;
                if (c != null) {
                    c.close();
                }
            }
            default -> LOG.debug("ignored {} from the NameNode", message.getClass().getSimpleName());
        }
    }

    private void apply(Topology topology) {
        database = topology.mode().equals("database");
        HashFunction hash = hashByName.computeIfAbsent(topology.hash(), hashes);
        if (!router.offer(new Placement(topology, hash))) {
            return;
        }
        LOG.info("epoch {}: {} members, {} in the ring", topology.epoch(), topology.members().size(),
                topology.ringMembers().size());
        Optional<Member> self = topology.member(id);
        if (self.isPresent()) {
            member = true;
        } else if (member && !leaving && !left.isDone()) {
            // taken out from outside (chkv leave), after its ranges were handed over: it goes
            LOG.info("epoch {} no longer lists this node: it left the cluster; stopping", topology.epoch());
            left.complete(null);
            removed.run();
        }
        if (self.isPresent() && self.get().state() == MemberState.DEAD && joined) {
            // declared dead while alive (a pause, a partition): what it holds may be stale, and
            // in cache mode its share is gone anyway; come back empty, as the same member
            LOG.warn("epoch {} declares this node dead; dropping its keys and joining again", topology.epoch());
            store.clear();
            ControlClient c = control;
            if (c != null) {
                c.send(new ClusterMessage.Join(host, respPort, controlPort, 1));
            }
        }
        sweep.request();
    }

    private void heartbeat() {
        ControlClient c = control;
        if (c == null || !joined || left.isDone()) {
            return;
        }
        c.send(new ClusterMessage.Heartbeat(id, epoch(), store.size(), store.memoryUsed()));
    }

    private long epoch() {
        var p = router.placement();
        return p == null ? 0 : p.epoch();
    }

    /**
     * Leaves the cluster: in cache mode, where its memory is all there is, the node first hands
     * its ranges to their next owners (it keeps serving meanwhile) and waits until the NameNode
     * says it is out, at most {@code timeout}; in database mode it only disconnects and stays a
     * member, to catch up when it starts again.
     *
     * @param timeout the longest wait for the hand-over
     */
    void leave(Duration timeout) {
        ControlClient c = control;
        if (c != null && joined && !database && !left.isDone()) {
            LOG.info("leaving the cluster: handing this node's ranges over first (at most {} s)", timeout.toSeconds());
            leaving = true;
            c.send(new ClusterMessage.Leave(id));
            try {
                left.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("left the cluster");
            } catch (TimeoutException e) {
                LOG.warn("the hand-over did not finish within {} s; leaving anyway", timeout.toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LOG.debug("leave failed", e);
            }
        }
        if (member && left.isDone()) {
            lingerWhileRedirecting();
        }
        close();
    }

    /**
     * Out of the ring, the node still answers a client that routes by an older epoch, with
     * {@code -MOVED} (which also tells it to fetch the new one), rather than closing the
     * connection a command of it may be on: such a command would fail, since a client cannot
     * tell whether a command on a lost connection ran. The node stops once no command has been
     * redirected for {@value #QUIET_MILLIS} ms, after at least {@value #MIN_LINGER_MILLIS} ms and
     * at most {@value #MAX_LINGER_MILLIS} ms.
     */
    private void lingerWhileRedirecting() {
        long start = System.nanoTime();
        try {
            Thread.sleep(MIN_LINGER_MILLIS);
            while (router.nanosSinceMoved() < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
                    && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(MAX_LINGER_MILLIS)) {
                Thread.sleep(QUIET_MILLIS / 4);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @param action what to do once the NameNode has taken this node out: stop it */
    void onRemoved(Runnable action) {
        removed = action;
    }

    /** Disconnects from the NameNode and stops any hand-over. */
    @Override
    public void close() {
        closed = true;
        mover.close();
        ControlClient c = control;
        if (c != null) {
            c.close();
        }
    }
}
