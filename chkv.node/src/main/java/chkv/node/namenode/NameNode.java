package chkv.node.namenode;

import chkv.api.ChkvException;
import chkv.api.spi.FailureDetector;
import chkv.api.spi.HashFunction;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.Topology;
import chkv.ring.Ring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NameNode: keeps the membership and its epoch, detects failures, and pushes each new
 * topology to every subscriber. State changes are commands of a deterministic state machine,
 * each logged durably before its epoch is published and replayed on restart, so epochs are never
 * reused. One loop thread applies changes, answers requests and runs the failure detection.
 */
public final class NameNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameNode.class);
    /** Changes replayed at start above which the log is compacted to a snapshot. */
    static final int COMPACT_AFTER = 1_000;

    private final Transport transport;
    private final ChangeLog log;
    private final ScheduledThreadPoolExecutor loop;
    private final Registry registry;
    private final Transport.Endpoint endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NameNode(Transport transport, ChangeLog log, ScheduledThreadPoolExecutor loop, Registry registry,
            Transport.Endpoint endpoint) {
        this.transport = transport;
        this.log = log;
        this.loop = loop;
        this.registry = registry;
        this.endpoint = endpoint;
    }

    /**
     * Recovers the topology from the log in {@code settings.dataDir()}, applies the settings (a
     * change of them is a new epoch), and serves the control protocol on {@code settings.bind()}.
     * The NameNode owns the transport and closes it, also when starting fails.
     *
     * @param transport built with {@link chkv.cluster.ClusterMessage#types()} and
     *     {@link chkv.cluster.ClusterMessage#PROTOCOL_VERSION}
     * @param detector judges the members' heartbeats and probes
     * @param settings address, data directory, cluster settings, secret and timers
     * @return the running NameNode
     * @throws ChkvException when the log cannot be opened or replayed, or the address not bound
     */
    public static NameNode start(Transport transport, FailureDetector detector, Settings settings) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(settings, "settings");
        ChangeLog log = null;
        ScheduledThreadPoolExecutor loop = null;
        try {
            log = ChangeLog.open(settings.dataDir());
            ChangeLog.Recovered read = log.recovered();
            Topology recovered = Membership.replay(read.start(), read.changes());
            Registry registry = new Registry(log, recovered, detector, settings.clock(), settings.hashes());
            registry.commit(new Change.Configure(settings.mode(), settings.replicas(), settings.vnodes(),
                    settings.hash()));
            LOG.info("namenode log {}: {} changes replayed{}, epoch {} with {} members", log.file(),
                    read.changes().size(), read.snapshot() != null ? " after a snapshot" : "",
                    registry.topology().epoch(), registry.topology().members().size());
            if (read.changes().size() >= COMPACT_AFTER) {
                // bounds what the next start reads and replays; nothing is published meanwhile
                log.compact(registry.topology());
                LOG.info("namenode log {}: compacted to a snapshot of epoch {}", log.file(), registry.topology().epoch());
            }
            loop = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("chkv-namenode").factory());
            // on close, pending probe timeouts and handshake deadlines are dropped, not awaited
            loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            loop.setRemoveOnCancelPolicy(true);
            Transport.Endpoint endpoint = transport.serveMessages(settings.bind(),
                    new ControlHandler(settings.auth(), registry, loop, ControlHandler.HANDSHAKE_TIMEOUT_MILLIS));
            Watchdog watchdog = new Watchdog(registry, detector,
                    new Prober(transport, detector, loop, settings.probeTimeout().toMillis()));
            long tick = settings.tick().toMillis();
            loop.scheduleWithFixedDelay(() -> ControlHandler.runQuietly(watchdog), tick, tick, TimeUnit.MILLISECONDS);
            return new NameNode(transport, log, loop, registry, endpoint);
        } catch (IOException e) {
            throw failed(new ChkvException("namenode: " + e.getMessage(), e), loop, transport, log);
        } catch (RuntimeException e) {
            throw failed(e, loop, transport, log);
        } catch (Error e) {
            throw failed(e, loop, transport, log);
        }
    }

    private static <T extends Throwable> T failed(T e, ScheduledThreadPoolExecutor loop, Transport transport,
            ChangeLog log) {
        if (loop != null) {
            loop.shutdownNow();
        }
        Throwable f = closeAll(transport, log);
        if (f != null) {
            e.addSuppressed(f);
        }
        return e;
    }

    /** @return the address the control protocol is served on, with the real port */
    public InetSocketAddress controlAddress() {
        return endpoint.address();
    }

    /** @return the current topology */
    public Topology topology() {
        return registry.topology();
    }

    /** Stops serving, lets the change in progress finish, closes the transport and the log; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endpoint.close();
        // not shutdownNow: an interrupt during a log write would close the log's channel under it
        loop.shutdown();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("namenode loop did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable f = closeAll(transport, log);
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new ChkvException("closing the NameNode: " + f.getMessage(), f);
        }
    }

    /** Closes each resource even when an earlier one fails; @return the first failure, or null */
    private static Throwable closeAll(AutoCloseable... resources) {
        Throwable failure = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    /**
     * How a NameNode is started.
     *
     * @param bind the control address; port 0 picks a free one
     * @param dataDir where the log of membership changes is kept
     * @param mode {@code cache} or {@code database}
     * @param replicas the replication factor: at least 1, at least 2 in database mode
     * @param vnodes virtual nodes per unit of weight, 1 to {@link Ring#MAX_VNODES}
     * @param hash the name of the hash function placing keys
     * @param auth the cluster secret
     * @param clock dates heartbeats for the ages status reports
     * @param tick how often the failure detector's verdicts are asked
     * @param probeTimeout how long an active probe may take, connecting included
     * @param hashes the hash function of a name, to plan the moves of a join or leave
     */
    public record Settings(InetSocketAddress bind, Path dataDir, String mode, int replicas, int vnodes, String hash,
            ClusterAuth auth, InstantSource clock, Duration tick, Duration probeTimeout,
            Function<String, HashFunction> hashes) {

        /** The default failure-detection tick. */
        public static final Duration DEFAULT_TICK = Duration.ofMillis(25);
        /**
         * The default timeout of an active probe: 1 s. A killed DataNode refuses the probe's
         * connection at once, so its death still takes well under a second; only a node whose
         * process accepts and does not answer (stopped, or starved on a loaded machine) waits for
         * the timeouts, three of them, so a pause of a few seconds is not taken for a death,
         * which in cache mode would drop its keys.
         */
        public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);

        /** Validates. */
        public Settings {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(hashes, "hashes");
            if (!mode.equals("cache") && !mode.equals("database")) {
                throw new IllegalArgumentException("mode: " + mode + " (expected: cache or database)");
            }
            if (replicas < 1 || (mode.equals("database") && replicas < 2)) {
                throw new IllegalArgumentException("replicas: " + replicas + " in " + mode
                        + " mode (expected: at least 1, and at least 2 in database mode)");
            }
            if (vnodes < 1 || vnodes > Ring.MAX_VNODES) {
                throw new IllegalArgumentException("vnodes: " + vnodes + " (expected: 1 to " + Ring.MAX_VNODES + ")");
            }
            if (tick.toMillis() < 1 || probeTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("timers: tick " + tick + ", probe timeout " + probeTimeout
                        + " (expected: at least 1 ms each)");
            }
        }

        /**
         * @param bind the control address
         * @param dataDir the log's directory
         * @param hashes the hash function of a name, to plan moves on the ring the topology names
         * @return cache mode, one replica, {@link Ring#DEFAULT_VNODES}, murmur3, no secret, the
         *     system clock, {@link #DEFAULT_TICK} and {@link #DEFAULT_PROBE_TIMEOUT}
         */
        public static Settings of(InetSocketAddress bind, Path dataDir, Function<String, HashFunction> hashes) {
            return new Settings(bind, dataDir, "cache", 1, Ring.DEFAULT_VNODES, "murmur3",
                    new ClusterAuth(new byte[0]), Clock.systemUTC(), DEFAULT_TICK, DEFAULT_PROBE_TIMEOUT, hashes);
        }

        /** @return a copy with these cluster-wide settings */
        public Settings withCluster(String newMode, int newReplicas, int newVnodes, String newHash) {
            return new Settings(bind, dataDir, newMode, newReplicas, newVnodes, newHash, auth, clock, tick, probeTimeout,
                    hashes);
        }

        /** @return a copy with this cluster secret */
        public Settings withAuth(ClusterAuth newAuth) {
            return new Settings(bind, dataDir, mode, replicas, vnodes, hash, newAuth, clock, tick, probeTimeout, hashes);
        }

        /** @return a copy dating heartbeats by this clock */
        public Settings withClock(InstantSource newClock) {
            return new Settings(bind, dataDir, mode, replicas, vnodes, hash, auth, newClock, tick, probeTimeout, hashes);
        }

        /** @return a copy with these failure-detection timers */
        public Settings withTimers(Duration newTick, Duration newProbeTimeout) {
            return new Settings(bind, dataDir, mode, replicas, vnodes, hash, auth, clock, newTick, newProbeTimeout, hashes);
        }
    }
}
