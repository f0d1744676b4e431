package chkv.node.command;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * What the commands of one server run against: its store, its configuration, its connected
 * clients and its counters.
 */
public final class ServerState {
    /** Attached to a connection turned away by protected mode, instead of a {@link ClientState}. */
    static final Object PROTECTED_MODE_DENIED = new Object();

    /** Redis 7.0's reply to such a connection. */
    static final String PROTECTED_MODE_ERROR = ProtectedMode.ERROR;

    /** Active expiry runs this many times a second, as Redis's default {@code hz}. */
    public static final int HZ = 10;

    private final Store store;
    private final InstantSource clock;
    private final LongSupplier nanoTime;
    private final String storeName;
    private volatile byte[] requirePass;
    private volatile MemoryPolicy memory;
    private volatile int hz = HZ;
    private volatile boolean protectedMode = true;
    private volatile String bind = "";
    private volatile int configuredPort;
    private volatile Path configFile;
    private volatile long[][] otherOutputLimits = OutputLimits.defaults();
    private volatile Transport.RespEndpoint endpoint;
    private volatile Runnable shutdown = () -> { };
    private final long startMillis;
    private final String runId;
    private final String replicationId = newRunId();
    private final Stats stats = new Stats();
    private final SlowLog slowLog = new SlowLog();
    private final Map<Long, ClientState> clients = new ConcurrentSkipListMap<>();
    private volatile int port;
    private volatile String multiplexingApi = "";
    private volatile ClientLimits clientLimits = ClientLimits.DEFAULTS;
    private volatile KeyRouter router = KeyRouter.LOCAL;

    /**
     * @param store the keyspace; its clock is the server's clock
     * @param nanoTime the monotonic time commands are timed with, in ns
     * @param requirePass the password of the default user, or {@code null} (or empty) for none
     * @param storeName the name the store was selected by
     * @param maxMemory the store's {@code maxmemory}, 0 for none
     * @param policy the store's {@code maxmemory-policy}
     */
    public ServerState(Store store, LongSupplier nanoTime, String requirePass, String storeName,
            long maxMemory, EvictionPolicy policy) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = store.clock();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        requirePass(requirePass);
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.memory = new MemoryPolicy(maxMemory, policy, StoreConfig.DEFAULT_SAMPLES);
        this.startMillis = clock.millis();
        this.runId = newRunId();
    }

    /** @return the keyspace */
    public Store store() {
        return store;
    }

    /** @return the counters */
    public Stats stats() {
        return stats;
    }

    /** @return the slow log, whose two settings CONFIG reads and changes */
    public SlowLog slowLog() {
        return slowLog;
    }

    /** @param listeningPort the RESP port, reported by {@code INFO} once known */
    public void port(int listeningPort) {
        port = listeningPort;
    }

    /** @param name the transport's I/O mechanism, reported by {@code INFO} as {@code multiplexing_api} */
    public void multiplexingApi(String name) {
        multiplexingApi = Objects.requireNonNull(name, "name");
    }

    /** @param limits the limits the RESP endpoint applies, reported by {@code CONFIG GET} */
    public void clientLimits(ClientLimits limits) {
        clientLimits = Objects.requireNonNull(limits, "limits");
        Transport.RespEndpoint e = endpoint;
        if (e != null) {
            e.clientLimits(limits);
        }
    }

    /** @param respEndpoint where {@code CONFIG SET maxclients/timeout/client-output-buffer-limit} take effect */
    public void endpoint(Transport.RespEndpoint respEndpoint) {
        endpoint = Objects.requireNonNull(respEndpoint, "respEndpoint");
    }

    /** @param action stops the node, as SIGTERM does; run by {@code SHUTDOWN} on a thread of its own */
    public void shutdownAction(Runnable action) {
        shutdown = Objects.requireNonNull(action, "action");
    }

    /**
     * @param file the configuration file the node was started from, which {@code CONFIG REWRITE}
     *     rewrites; {@code null} for none
     */
    public void configFile(Path file) {
        configFile = file;
    }

    /**
     * @param address the {@code bind} address as configured
     * @param port the {@code port} as configured (0 for any)
     */
    public void listening(String address, int port) {
        bind = Objects.requireNonNull(address, "address");
        configuredPort = port;
    }

    /** @param enabled Redis's {@code protected-mode} */
    public void protectedMode(boolean enabled) {
        protectedMode = enabled;
    }

    /** @param samples Redis's {@code maxmemory-samples} */
    public void samples(int samples) {
        changeMemory(new MemoryPolicy(memory.maxMemory(), memory.policy(), samples));
    }

    /** @param configured Redis's {@code hz} as configured; the node runs at 1 to 500 */
    public void hz(int configured) {
        hz = configured;
    }

    /** @return how many times a second background tasks run: {@code hz} within Redis's 1 to 500 */
    public int effectiveHz() {
        return Math.clamp(hz, 1, 500);
    }

    /**
     * Redis's protected mode: without a password, only loopback clients are served.
     *
     * @param remote the client's address, {@code null} when unknown
     * @return whether a client from {@code remote} must be turned away
     */
    public boolean protectedModeDenies(InetSocketAddress remote) {
        return ProtectedMode.denies(protectedMode, requirePass != null, remote);
    }

    /** @param keyRouter decides which keyed commands this node serves, from now on */
    public void router(KeyRouter keyRouter) {
        router = Objects.requireNonNull(keyRouter, "keyRouter");
    }

    KeyRouter router() {
        return router;
    }

    ClientLimits clientLimits() {
        return clientLimits;
    }

    String multiplexingApi() {
        return multiplexingApi;
    }

    InstantSource clock() {
        return clock;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    boolean requiresAuth() {
        return requirePass != null;
    }

    /** As Redis's requirepass: an empty password means none; clients already connected keep their state. */
    void requirePass(String password) {
        requirePass = password == null || password.isEmpty() ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /** @param password the bytes of CONFIG SET requirepass; empty for none */
    void requirePass(byte[] password) {
        requirePass = password.length == 0 ? null : password.clone();
    }

    /** @return the password as Latin-1 text, one char a byte, as the config commands handle values */
    String requirePassText() {
        byte[] p = requirePass;
        return p == null ? "" : new String(p, StandardCharsets.ISO_8859_1);
    }

    MemoryPolicy memory() {
        return memory;
    }

    void maxMemory(long bytes) {
        changeMemory(new MemoryPolicy(bytes, memory.policy(), memory.samples()));
    }

    void policy(EvictionPolicy evictionPolicy) {
        changeMemory(new MemoryPolicy(memory.maxMemory(), evictionPolicy, memory.samples()));
    }

    /** The store first: when it refuses a value, nothing changes. */
    private void changeMemory(MemoryPolicy next) {
        store.setMemoryPolicy(next.maxMemory(), next.policy(), next.samples());
        memory = next;
    }

    int configuredHz() {
        return hz;
    }

    boolean protectedMode() {
        return protectedMode;
    }

    String bind() {
        return bind;
    }

    int configuredPort() {
        return configuredPort;
    }

    Path configFile() {
        return configFile;
    }

    long[][] otherOutputLimits() {
        return otherOutputLimits;
    }

    void otherOutputLimits(long[][] limits) {
        otherOutputLimits = limits;
    }

    /** Stops the node on a thread of its own: the caller is an I/O thread the stop waits for. */
    void shutdown() {
        Thread.ofPlatform().name("chkv-shutdown-command").start(shutdown);
    }

    /** Redis's default user: without a password any password works; otherwise it must match. */
    boolean checkPassword(byte[] password) {
        return requirePass == null || MessageDigest.isEqual(requirePass, password);
    }

    String storeName() {
        return storeName;
    }

    long maxMemory() {
        return memory.maxMemory();
    }

    EvictionPolicy policy() {
        return memory.policy();
    }

    long startMillis() {
        return startMillis;
    }

    String runId() {
        return runId;
    }

    /** @return Redis's master_replid: random per start, as a master without replicas has one */
    String replicationId() {
        return replicationId;
    }

    int port() {
        return port;
    }

    /**
     * Marks a new connection that protected mode turns away: it is answered Redis's DENIED error
     * and closed, and counted in {@code rejected_connections}.
     *
     * @return whether it was turned away
     */
    boolean turnAwayInProtectedMode(Transport.Session session) {
        if (!protectedModeDenies(session.remoteAddress())) {
            return false;
        }
        stats.rejectedConnection();
        session.attach(PROTECTED_MODE_DENIED);
        return true;
    }

    /** @return the state of {@code session}, created on first use */
    ClientState client(Transport.Session session) {
        if (session.attachment() instanceof ClientState c) {
            return c;
        }
        ClientState c = new ClientState(session, clock.millis(), nanoTime(), requirePass == null);
        session.attach(c);
        clients.put(session.id(), c);
        return c;
    }

    void disconnected(Transport.Session session) {
        clients.remove(session.id());
    }

    /** @return the connected clients in id order */
    Collection<ClientState> clients() {
        return Collections.unmodifiableCollection(clients.values());
    }

    private static String newRunId() {
        byte[] bytes = new byte[20];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
