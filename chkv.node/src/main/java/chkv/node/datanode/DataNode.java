package chkv.node.datanode;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.HashFunction;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ControlAcceptor;
import chkv.cluster.Member;
import chkv.node.command.CommandClock;
import chkv.node.command.CommandTable;
import chkv.node.command.Dispatcher;
import chkv.node.command.ServerState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DataNode: serves the Redis command table over RESP from one store, and reclaims expired keys
 * in the background as Redis does {@code hz} times a second. Standalone it serves every key; as
 * a cluster member it joins the NameNode and serves the keys it owns under the newest epoch,
 * redirecting the rest.
 */
public final class DataNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataNode.class);

    private final Transport transport;
    private final Store store;
    private final Transport.Endpoint endpoint;
    private final ScheduledExecutorService expiryThread;
    private final ClusterMember member;
    private final ScheduledExecutorService clusterThread;
    private final Transport.Endpoint controlEndpoint;
    private final Duration leaveTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closedLatch = new java.util.concurrent.CountDownLatch(1);

    private DataNode(Transport transport, Store store, Transport.Endpoint endpoint,
            ScheduledExecutorService expiryThread, ClusterMember member, ScheduledExecutorService clusterThread,
            Transport.Endpoint controlEndpoint, Duration leaveTimeout) {
        this.transport = transport;
        this.controlEndpoint = controlEndpoint;
        this.leaveTimeout = leaveTimeout;
        this.store = store;
        this.endpoint = endpoint;
        this.expiryThread = expiryThread;
        this.member = member;
        this.clusterThread = clusterThread;
    }

    /**
     * Starts serving RESP on {@code settings.bind()}; the node owns store and transport and
     * closes both, also when starting fails.
     *
     * @param transport serves the connections
     * @param store the keyspace, already built with the settings' memory limit and policy
     * @param settings address, password and how the store was configured
     * @return the running node
     */
    public static DataNode start(Transport transport, Store store, Settings settings) {
        return start(transport, store, settings, server -> { });
    }

    /**
     * {@link #start(Transport, Store, Settings)}, with server settings beyond {@link Settings}
     * (a configuration file, protected mode, hz) given to the server before it serves.
     *
     * @param configure called once with the server state, before the RESP port opens
     * @return the running node
     */
    public static DataNode start(Transport transport, Store store, Settings settings,
            java.util.function.Consumer<ServerState> configure) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(settings, "settings");
        ServerState server = new ServerState(store, System::nanoTime, settings.requirePass(),
                settings.storeName(), settings.maxMemory(), settings.policy());
        server.listening(settings.bind().getHostString(), settings.bind().getPort());
        configure.accept(server);
        ScheduledExecutorService expiryThread = null;
        ScheduledExecutorService clusterThread = null;
        Transport.Endpoint controlEndpoint = null;
        try {
            Dispatcher dispatcher = new Dispatcher(CommandTable.standard(), server);
            Transport.RespEndpoint endpoint = transport.serveResp(settings.bind(), dispatcher);
            endpoint.clientLimits(settings.clientLimits());
            server.endpoint(endpoint);
            server.clientLimits(settings.clientLimits());
            server.port(endpoint.address().getPort());
            server.multiplexingApi(transport.multiplexingApi());
            expiryThread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("chkv-active-expiry").factory());
            ActiveExpiry expiry = new ActiveExpiry(store, server.stats(), System::nanoTime,
                    () -> TimeUnit.SECONDS.toNanos(1) / server.effectiveHz() / 4);
            scheduleExpiry(expiryThread, expiry, server);
            ClusterMember member = null;
            Cluster cluster = settings.cluster();
            if (cluster != null) {
                String id = Member.idOf(cluster.advertiseHost(), endpoint.address().getPort());
                ClusterRouter router = new ClusterRouter(id);
                server.router(router);
                clusterThread = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().daemon().name("chkv-cluster").factory());
                ClusterAuth auth = new ClusterAuth(cluster.secret());
                controlEndpoint = transport.serveMessages(
                        new InetSocketAddress(settings.bind().getAddress(), cluster.controlPort()),
                        new ControlAcceptor(auth, new Importer(store), clusterThread,
                                ControlAcceptor.HANDSHAKE_TIMEOUT_MILLIS, "this DataNode's"));
                member = new ClusterMember(transport, cluster.nameNode(), auth, cluster.advertiseHost(),
                        endpoint.address().getPort(), controlEndpoint.address().getPort(), cluster.moveRate(), store,
                        cluster.hashes(), router, clusterThread, dispatcher::quiesce);
                member.start(cluster.heartbeat());
            }
            DataNode node = new DataNode(transport, store, endpoint, expiryThread, member, clusterThread,
                    controlEndpoint, cluster == null ? Duration.ZERO : cluster.leaveTimeout());
            server.shutdownAction(node::close);
            if (member != null) {
                // taken out of the cluster from outside: stop, as SHUTDOWN does, off the cluster thread
                member.onRemoved(() -> Thread.ofPlatform().name("chkv-left").start(node::close));
            }
            return node;
        } catch (RuntimeException | Error e) {
            if (expiryThread != null) {
                expiryThread.shutdownNow();
            }
            if (clusterThread != null) {
                clusterThread.shutdownNow();
            }
            Throwable f = closeAll(transport, store);
            if (f != null) {
                e.addSuppressed(f);
            }
            throw e;
        }
    }

    /**
     * The clock to build a DataNode's store on: the real time, which the node freezes for the
     * length of each command as Redis reads its clock once per command.
     *
     * @return a new clock for one node's store
     */
    public static InstantSource storeClock() {
        return CommandClock.system();
    }

    /** Runs active expiry {@code hz} times a second, reading hz anew each time: CONFIG SET hz changes it. */
    private static void scheduleExpiry(ScheduledExecutorService thread, ActiveExpiry expiry, ServerState server) {
        if (!thread.isShutdown()) {
            thread.schedule(() -> {
                runQuietly(expiry);
                scheduleExpiry(thread, expiry, server);
            }, 1_000_000 / server.effectiveHz(), TimeUnit.MICROSECONDS);
        }
    }

    /** Waits until {@link #close()} has finished, whoever called it (SIGTERM, or SHUTDOWN). */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /** A failed cycle must not cancel the schedule, which a thrown exception would. */
    private static void runQuietly(ActiveExpiry expiry) {
        try {
            expiry.cycle();
        } catch (RuntimeException e) {
            LOG.warn("active expiry cycle failed", e);
        }
    }

    /** @return the address RESP is served on, with the real port */
    public InetSocketAddress respAddress() {
        return endpoint.address();
    }

    /** Stops serving, stops background tasks, closes the transport and the store; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (member != null) {
            // first: in cache mode the ranges go to their next owners while this node still answers
            member.leave(leaveTimeout);
            clusterThread.shutdownNow();
        }
        expiryThread.shutdownNow();
        try {
            // a cycle in progress must finish before the store goes away
            if (!expiryThread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("active expiry did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // stop taking commands before the store they run against goes away
        Throwable f = controlEndpoint == null ? closeAll(endpoint, transport, store)
                : closeAll(endpoint, controlEndpoint, transport, store);
        closedLatch.countDown();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException("closing the DataNode", f);
        }
    }

    /** Closes each resource even when an earlier one fails; @return the first failure, or null */
    private static Throwable closeAll(AutoCloseable... resources) {
        Throwable f = null;
        for (AutoCloseable r : resources) {
            f = closeOne(f, r);
        }
        return f;
    }

    private static Throwable closeOne(Throwable failure, AutoCloseable resource) {
        try {
            resource.close();
            return failure;
        } catch (Exception | Error e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
            return failure;
        }
    }

    /**
     * How a DataNode is started.
     *
     * @param bind the RESP address; port 0 picks a free one
     * @param requirePass the default user's password, or {@code null} for none
     * @param storeName the name the store was selected by, as INFO reports it
     * @param maxMemory the store's memory limit in bytes, 0 for none
     * @param policy the store's eviction policy
     * @param clientLimits {@code maxclients}, {@code timeout} and the output buffer limits
     * @param cluster the cluster to join, or {@code null} for a standalone node
     */
    public record Settings(InetSocketAddress bind, String requirePass, String storeName, long maxMemory,
            EvictionPolicy policy, ClientLimits clientLimits, Cluster cluster) {

        /** Validates. */
        public Settings {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(clientLimits, "clientLimits");
            Objects.requireNonNull(storeName, "storeName");
            Objects.requireNonNull(policy, "policy");
            if (maxMemory < 0) {
                throw new IllegalArgumentException("maxMemory: " + maxMemory + " (expected: >= 0)");
            }
        }

        /** @return settings for {@code bind} with the heap store, no memory limit and no password */
        public static Settings of(InetSocketAddress bind) {
            return new Settings(bind, null, "heap", 0, EvictionPolicy.NOEVICTION, ClientLimits.DEFAULTS, null);
        }

        /** @return a copy requiring {@code password}, or none when {@code null} */
        public Settings withRequirePass(String password) {
            return new Settings(bind, password, storeName, maxMemory, policy, clientLimits, cluster);
        }

        /** @return a copy describing the store by name, memory limit and policy */
        public Settings withStore(String name, long bytes, EvictionPolicy evictionPolicy) {
            return new Settings(bind, requirePass, name, bytes, evictionPolicy, clientLimits, cluster);
        }

        /** @return a copy with these limits on client connections */
        public Settings withClientLimits(ClientLimits limits) {
            return new Settings(bind, requirePass, storeName, maxMemory, policy, limits, cluster);
        }

        /** @return a copy that joins {@code membership}'s cluster instead of running alone */
        public Settings withCluster(Cluster membership) {
            return new Settings(bind, requirePass, storeName, maxMemory, policy, clientLimits, membership);
        }
    }

    /**
     * How a DataNode takes part in a cluster.
     *
     * @param nameNode the NameNode's control address
     * @param secret the cluster secret, empty for none
     * @param advertiseHost the host clients and the NameNode reach this node's RESP port on;
     *     with the port, the node's member id
     * @param hashes the hash function of a name, as a topology names it
     * @param heartbeat how often the node tells the NameNode it is alive
     * @param controlPort the internal port other DataNodes hand ranges to this one on; 0 picks a free one
     * @param moveRate the most bytes per second this node sends when it hands ranges over
     * @param leaveTimeout how long closing waits for this node's ranges to be handed over
     */
    public record Cluster(InetSocketAddress nameNode, byte[] secret, String advertiseHost,
            Function<String, HashFunction> hashes, Duration heartbeat, int controlPort, long moveRate,
            Duration leaveTimeout) {

        /** The default hand-over rate: 32 MB/s. */
        public static final long DEFAULT_MOVE_RATE = 32L * 1024 * 1024;
        /** The default longest wait for a hand-over on close. */
        public static final Duration DEFAULT_LEAVE_TIMEOUT = Duration.ofSeconds(60);

        /** Validates. */
        public Cluster {
            Objects.requireNonNull(nameNode, "nameNode");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(advertiseHost, "advertiseHost");
            Objects.requireNonNull(hashes, "hashes");
            Objects.requireNonNull(leaveTimeout, "leaveTimeout");
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat: " + heartbeat + " (expected: positive)");
            }
            if (controlPort < 0 || controlPort > 65_535 || moveRate < 1) {
                throw new IllegalArgumentException("control port " + controlPort + ", move rate " + moveRate
                        + " (expected: a port 0-65535 and a positive rate)");
            }
        }

        /** A member on a free internal port, at the default move rate and leave timeout. */
        public Cluster(InetSocketAddress nameNode, byte[] secret, String advertiseHost,
                Function<String, HashFunction> hashes, Duration heartbeat) {
            this(nameNode, secret, advertiseHost, hashes, heartbeat, 0, DEFAULT_MOVE_RATE, DEFAULT_LEAVE_TIMEOUT);
        }

        /** @return a copy with this internal port, move rate and leave timeout */
        public Cluster withMoves(int port, long bytesPerSecond, Duration timeout) {
            return new Cluster(nameNode, secret, advertiseHost, hashes, heartbeat, port, bytesPerSecond, timeout);
        }
    }
}
