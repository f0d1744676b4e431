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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private volatile ControlClient control;
    private volatile boolean joined;
    private volatile boolean closed;
    private long backoffMs;
    private boolean unreachableLogged;

    ClusterMember(Transport transport, InetSocketAddress nameNode, ClusterAuth auth, String host, int respPort,
            Store store, Function<String, HashFunction> hashes, ClusterRouter router, ScheduledExecutorService thread) {
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
        this.sweep = new OrphanSweep(store, router, thread);
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
                    client.send(new ClusterMessage.Join(host, respPort, 0, 1));
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
        if (closed) {
            return;
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
            case ClusterMessage.Refused(String reason) -> {
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
        HashFunction hash = hashByName.computeIfAbsent(topology.hash(), hashes);
        if (!router.offer(new Placement(topology, hash))) {
            return;
        }
        LOG.info("epoch {}: {} members, {} in the ring", topology.epoch(), topology.members().size(),
                topology.ringMembers().size());
        Optional<Member> self = topology.member(id);
        if (self.isPresent() && self.get().state() == MemberState.DEAD && joined) {
            // declared dead while alive (a pause, a partition): what it holds may be stale, and
            // in cache mode its share is gone anyway; come back empty, as the same member
            LOG.warn("epoch {} declares this node dead; dropping its keys and joining again", topology.epoch());
            store.clear();
            ControlClient c = control;
            if (c != null) {
                c.send(new ClusterMessage.Join(host, respPort, 0, 1));
            }
        }
        sweep.request();
    }

    private void heartbeat() {
        ControlClient c = control;
        if (c == null || !joined) {
            return;
        }
        c.send(new ClusterMessage.Heartbeat(id, epoch(), store.size(), store.memoryUsed()));
    }

    private long epoch() {
        var p = router.placement();
        return p == null ? 0 : p.epoch();
    }

    /** Tells the NameNode this node is leaving, so clients are sent elsewhere at once, then disconnects. */
    @Override
    public void close() {
        closed = true;
        ControlClient c = control;
        if (c != null && joined) {
            try {
                c.send(new ClusterMessage.Leave(id)).toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("could not tell the NameNode this node leaves", e);
            }
        }
        if (c != null) {
            c.close();
        }
    }
}
