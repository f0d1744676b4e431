package chkv.node.datanode;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import chkv.node.command.CommandTable;
import chkv.node.command.Dispatcher;
import chkv.node.command.ServerState;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone DataNode: serves the Redis command table over RESP from one store, and reclaims
 * expired keys in the background as Redis does {@code hz} times a second.
 */
public final class DataNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataNode.class);

    private final Transport transport;
    private final Store store;
    private final Transport.Endpoint endpoint;
    private final ScheduledExecutorService expiryThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DataNode(Transport transport, Store store, Transport.Endpoint endpoint,
            ScheduledExecutorService expiryThread) {
        this.transport = transport;
        this.store = store;
        this.endpoint = endpoint;
        this.expiryThread = expiryThread;
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
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(settings, "settings");
        ServerState server = new ServerState(store, System::nanoTime, settings.requirePass(),
                settings.storeName(), settings.maxMemory(), settings.policy());
        ScheduledExecutorService expiryThread = null;
        try {
            Transport.RespEndpoint endpoint = transport.serveResp(settings.bind(),
                    new Dispatcher(CommandTable.standard(), server));
            endpoint.clientLimits(settings.clientLimits());
            server.clientLimits(settings.clientLimits());
            server.port(endpoint.address().getPort());
            server.multiplexingApi(transport.multiplexingApi());
            expiryThread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("chkv-active-expiry").factory());
            ActiveExpiry expiry = new ActiveExpiry(store, server.stats(), System::nanoTime,
                    TimeUnit.MILLISECONDS.toNanos(1000 / ServerState.HZ / 4));
            long period = 1000 / ServerState.HZ;
            expiryThread.scheduleWithFixedDelay(() -> runQuietly(expiry), period, period, TimeUnit.MILLISECONDS);
            return new DataNode(transport, store, endpoint, expiryThread);
        } catch (RuntimeException | Error e) {
            if (expiryThread != null) {
                expiryThread.shutdownNow();
            }
            Throwable f = closeAll(transport, store);
            if (f != null) {
                e.addSuppressed(f);
            }
            throw e;
        }
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
        Throwable f = closeAll(endpoint, transport, store);
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
     */
    public record Settings(InetSocketAddress bind, String requirePass, String storeName, long maxMemory,
            EvictionPolicy policy, ClientLimits clientLimits) {

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
            return new Settings(bind, null, "heap", 0, EvictionPolicy.NOEVICTION, ClientLimits.DEFAULTS);
        }

        /** @return a copy requiring {@code password}, or none when {@code null} */
        public Settings withRequirePass(String password) {
            return new Settings(bind, password, storeName, maxMemory, policy, clientLimits);
        }

        /** @return a copy describing the store by name, memory limit and policy */
        public Settings withStore(String name, long bytes, EvictionPolicy evictionPolicy) {
            return new Settings(bind, requirePass, name, bytes, evictionPolicy, clientLimits);
        }

        /** @return a copy with these limits on client connections */
        public Settings withClientLimits(ClientLimits limits) {
            return new Settings(bind, requirePass, storeName, maxMemory, policy, limits);
        }
    }
}
