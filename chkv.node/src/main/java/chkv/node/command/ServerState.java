package chkv.node.command;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
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
    /** Active expiry runs this many times a second, as Redis's default {@code hz}. */
    public static final int HZ = 10;

    private final Store store;
    private final InstantSource clock;
    private final LongSupplier nanoTime;
    private final byte[] requirePass;
    private final String storeName;
    private final long maxMemory;
    private final EvictionPolicy policy;
    private final long startMillis;
    private final String runId;
    private final Stats stats = new Stats();
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
        // as Redis's requirepass, an empty password means none
        this.requirePass = requirePass == null || requirePass.isEmpty()
                ? null : requirePass.getBytes(StandardCharsets.UTF_8);
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.maxMemory = maxMemory;
        this.policy = Objects.requireNonNull(policy, "policy");
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

    /** Redis's default user: without a password any password works; otherwise it must match. */
    boolean checkPassword(byte[] password) {
        return requirePass == null || MessageDigest.isEqual(requirePass, password);
    }

    String storeName() {
        return storeName;
    }

    long maxMemory() {
        return maxMemory;
    }

    EvictionPolicy policy() {
        return policy;
    }

    long startMillis() {
        return startMillis;
    }

    String runId() {
        return runId;
    }

    int port() {
        return port;
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
