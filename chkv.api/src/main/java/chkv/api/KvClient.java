package chkv.api;

import chkv.api.spi.KvClientProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A client of a CHKV cluster: it knows which node owns each key and sends every command there,
 * splitting commands that name keys of several nodes or the whole keyspace and merging the
 * replies as one server would answer. Thread-safe; one instance serves a whole application.
 *
 * <p>The typed methods block until the reply arrives and throw a {@link RedisException} with
 * Redis's words for an error reply; {@link #async()} offers the same operations without
 * blocking, and {@link #execute} runs any command.
 *
 * <pre>{@code
 * try (KvClient client = KvClient.connect("chkv://127.0.0.1:7370")) {
 *     client.set(key, value);
 * }
 * }</pre>
 */
public interface KvClient extends AutoCloseable {

    /**
     * Opens a client by URI, through the {@link KvClientProvider} of the URI's scheme.
     *
     * @param uri e.g. {@code chkv://127.0.0.1:7370} (a NameNode's control address), with the
     *     options its provider documents, such as {@code ?secret-file=/etc/chkv/secret}
     * @return a connected client; close it
     * @throws ConfigException when the URI is malformed or no provider serves its scheme,
     *     naming the schemes that are served
     * @throws ChkvException when the cluster cannot be reached
     */
    static KvClient connect(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("client URI: " + uri + " (expected: scheme://host:port, " + e.getReason() + ")");
        }
        Map<String, KvClientProvider> byScheme = new TreeMap<>();
        ServiceLoader.load(KvClientProvider.class).forEach(p -> byScheme.putIfAbsent(p.scheme(), p));
        KvClientProvider provider = parsed.getScheme() == null ? null : byScheme.get(parsed.getScheme());
        if (provider == null) {
            throw new ConfigException("client URI scheme: " + parsed.getScheme() + " (expected one of: "
                    + String.join(", ", byScheme.keySet()) + ")");
        }
        return provider.create(parsed);
    }

    /**
     * Runs one Redis command, routed to the node that owns its keys, scattered over the nodes
     * and merged when it names keys of several nodes or the whole keyspace, and redirected when
     * a node answers that another owns the key.
     *
     * @param command the command name and its arguments
     * @return completes with the reply, error replies included as {@link Reply.Error}, or
     *     exceptionally with a {@link ChkvException} when no node could be reached; on an I/O
     *     thread, so callbacks must not block
     */
    CompletionStage<Reply> execute(byte[]... command);

    /** @return the same operations, returning stages instead of blocking */
    default KvAsync async() {
        return this::execute;
    }

    /** Closes every connection and releases the client's threads. */
    @Override
    void close();

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChkvException("command: interrupted while waiting for the reply", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RedisException r) {
                throw new RedisException(r.getMessage()); // thrown here, so the trace is the caller's
            }
            if (e.getCause() instanceof ChkvException c) {
                throw new ChkvException(c.getMessage(), c);
            }
            throw new ChkvException("command: " + e.getCause(), e.getCause());
        }
    }

    /** @param key a key @return its value, or {@code null} when it does not exist */
    default byte[] get(byte[] key) {
        return await(async().get(key));
    }

    /** @param key a key @param value its new value */
    default void set(byte[] key, byte[] value) {
        await(async().set(key, value));
    }

    /**
     * @param key a key
     * @param value its new value
     * @param args condition and expiry
     * @return whether the value was written (false when the condition did not hold)
     */
    default boolean set(byte[] key, byte[] value, SetArgs args) {
        return await(async().set(key, value, args));
    }

    /**
     * @param key a key
     * @param value its new value
     * @param args condition and expiry
     * @return the previous value, or {@code null} when there was none ({@code SET ... GET})
     */
    default byte[] setGet(byte[] key, byte[] value, SetArgs args) {
        return await(async().setGet(key, value, args));
    }

    /** @param key a key @return its value before it was deleted, or {@code null} */
    default byte[] getdel(byte[] key) {
        return await(async().getdel(key));
    }

    /** @param key a key @param ttlMillis its new time to live @return its value, or {@code null} */
    default byte[] getex(byte[] key, long ttlMillis) {
        return await(async().getex(key, ttlMillis));
    }

    /** @param key a key @return its value, or {@code null}; its expiry is removed */
    default byte[] getexPersist(byte[] key) {
        return await(async().getexPersist(key));
    }

    /** @param keys keys, on any nodes @return how many existed and were deleted */
    default long del(byte[]... keys) {
        return await(async().del(keys));
    }

    /** @param keys keys, on any nodes @return how many exist, a key named twice counted twice */
    default long exists(byte[]... keys) {
        return await(async().exists(keys));
    }

    /** @param key a key @param seconds time to live @return whether the key exists and was set */
    default boolean expire(byte[] key, long seconds) {
        return await(async().expire(key, seconds));
    }

    /** @param key a key @param millis time to live @return whether the key exists and was set */
    default boolean pexpire(byte[] key, long millis) {
        return await(async().pexpire(key, millis));
    }

    /** @param key a key @param unixSeconds when to expire @return whether the key exists and was set */
    default boolean expireat(byte[] key, long unixSeconds) {
        return await(async().expireat(key, unixSeconds));
    }

    /** @param key a key @param unixMillis when to expire @return whether the key exists and was set */
    default boolean pexpireat(byte[] key, long unixMillis) {
        return await(async().pexpireat(key, unixMillis));
    }

    /** @param key a key @return seconds to live, -1 without expiry, -2 when the key does not exist */
    default long ttl(byte[] key) {
        return await(async().ttl(key));
    }

    /** @param key a key @return milliseconds to live, -1 without expiry, -2 when the key does not exist */
    default long pttl(byte[] key) {
        return await(async().pttl(key));
    }

    /** @param key a key @return whether an expiry was removed */
    default boolean persist(byte[] key) {
        return await(async().persist(key));
    }

    /** @param key a key holding an integer, or none @return the value after adding one */
    default long incr(byte[] key) {
        return await(async().incr(key));
    }

    /** @param key a key holding an integer, or none @param by the increment @return the new value */
    default long incrby(byte[] key, long by) {
        return await(async().incrby(key, by));
    }

    /** @param key a key holding an integer, or none @return the value after subtracting one */
    default long decr(byte[] key) {
        return await(async().decr(key));
    }

    /** @param key a key holding an integer, or none @param by the decrement @return the new value */
    default long decrby(byte[] key, long by) {
        return await(async().decrby(key, by));
    }

    /** @param key a key holding a number, or none @param by the increment @return the new value */
    default double incrbyfloat(byte[] key, double by) {
        return await(async().incrbyfloat(key, by));
    }

    /** @param keys keys, on any nodes @return their values in key order, {@code null} for a missing key */
    default List<byte[]> mget(byte[]... keys) {
        return await(async().mget(keys));
    }

    /** @param keysAndValues key, value, key, value ...; each node's pairs are written atomically */
    default void mset(byte[]... keysAndValues) {
        await(async().mset(keysAndValues));
    }

    /** @param pattern a Redis glob pattern @return the matching keys of every node */
    default List<byte[]> keys(byte[] pattern) {
        return await(async().keys(pattern));
    }

    /** @param cursor {@link ScanResult#START} or a cursor a page returned @return the next page */
    default ScanResult scan(String cursor) {
        return await(async().scan(cursor));
    }

    /**
     * @param cursor {@link ScanResult#START} or a cursor a page returned
     * @param match a glob pattern the keys must match, or {@code null} for all
     * @param count how much work one page may do, or 0 for the server's default
     * @return the next page
     */
    default ScanResult scan(String cursor, byte[] match, long count) {
        return await(async().scan(cursor, match, count));
    }

    /** @return the number of keys over every node */
    default long dbsize() {
        return await(async().dbsize());
    }

    /** Removes every key of every node. */
    default void flushall() {
        await(async().flushall());
    }

    /** @return {@code PONG} from some node */
    default String ping() {
        return await(async().ping());
    }

    /** @param message any bytes @return the same bytes, from some node */
    default byte[] echo(byte[] message) {
        return await(async().echo(message));
    }
}
