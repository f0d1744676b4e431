package chkv.api;

import static chkv.api.Replies.command;
import static chkv.api.Replies.number;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The typed commands of a {@link KvClient}, each returning a stage that completes with the
 * value, or exceptionally with a {@link RedisException} carrying the server's error text (or a
 * {@link ChkvException} when no node could be reached). Every method is built on
 * {@link #execute}, so any object that can run a raw command has the typed API too.
 * Stages complete on the client's I/O threads: callbacks must not block.
 */
@FunctionalInterface
public interface KvAsync {

    /**
     * Runs one Redis command, routed to the node that owns its keys and scattered over the
     * cluster when it names keys of several nodes or the whole keyspace.
     *
     * @param command the command name and its arguments
     * @return completes with the reply, error replies included, or exceptionally when no node
     *     could be reached
     */
    CompletionStage<Reply> execute(byte[]... command);

    private <T> CompletionStage<T> call(Function<Reply, T> convert, String name, byte[]... args) {
        return execute(command(name, args)).thenApply(convert);
    }

    /** @param key a key @return its value, or {@code null} when it does not exist ({@code GET}) */
    default CompletionStage<byte[]> get(byte[] key) {
        return call(Replies::bulk, "GET", key);
    }

    /** @param key a key @param value its new value @return completes once written ({@code SET}) */
    default CompletionStage<Void> set(byte[] key, byte[] value) {
        return call(Replies::ok, "SET", key, value);
    }

    /**
     * @param key a key
     * @param value its new value
     * @param args condition and expiry
     * @return whether the value was written (false when the condition did not hold)
     */
    default CompletionStage<Boolean> set(byte[] key, byte[] value, SetArgs args) {
        return execute(withArgs("SET", key, value, args, false)).thenApply(Replies::written);
    }

    /**
     * {@code SET ... GET}: writes and reports the value before.
     *
     * @param key a key
     * @param value its new value
     * @param args condition and expiry
     * @return the previous value, or {@code null} when there was none
     */
    default CompletionStage<byte[]> setGet(byte[] key, byte[] value, SetArgs args) {
        return execute(withArgs("SET", key, value, args, true)).thenApply(Replies::bulk);
    }

    private static byte[][] withArgs(String name, byte[] key, byte[] value, SetArgs args, boolean get) {
        List<byte[]> all = new ArrayList<>(List.of(Replies.ascii(name), key, value));
        all.addAll(args.arguments());
        if (get) {
            all.add(Replies.ascii("GET"));
        }
        return all.toArray(byte[][]::new);
    }

    /** @param key a key @return its value before it was deleted, or {@code null} ({@code GETDEL}) */
    default CompletionStage<byte[]> getdel(byte[] key) {
        return call(Replies::bulk, "GETDEL", key);
    }

    /**
     * @param key a key
     * @param ttlMillis its new time to live, positive
     * @return its value, or {@code null} ({@code GETEX key PX ms})
     */
    default CompletionStage<byte[]> getex(byte[] key, long ttlMillis) {
        return call(Replies::bulk, "GETEX", key, Replies.ascii("PX"), number(ttlMillis));
    }

    /** @param key a key @return its value, its expiry removed ({@code GETEX key PERSIST}) */
    default CompletionStage<byte[]> getexPersist(byte[] key) {
        return call(Replies::bulk, "GETEX", key, Replies.ascii("PERSIST"));
    }

    /** @param keys keys, on any nodes @return how many existed and were deleted ({@code DEL}) */
    default CompletionStage<Long> del(byte[]... keys) {
        return call(Replies::integer, "DEL", keys);
    }

    /** @param keys keys, on any nodes @return how many exist, a key named twice counted twice */
    default CompletionStage<Long> exists(byte[]... keys) {
        return call(Replies::integer, "EXISTS", keys);
    }

    /** @param key a key @param seconds time to live @return whether the key exists and was set */
    default CompletionStage<Boolean> expire(byte[] key, long seconds) {
        return call(Replies::bool, "EXPIRE", key, number(seconds));
    }

    /** @param key a key @param millis time to live @return whether the key exists and was set */
    default CompletionStage<Boolean> pexpire(byte[] key, long millis) {
        return call(Replies::bool, "PEXPIRE", key, number(millis));
    }

    /** @param key a key @param unixSeconds when to expire @return whether the key exists and was set */
    default CompletionStage<Boolean> expireat(byte[] key, long unixSeconds) {
        return call(Replies::bool, "EXPIREAT", key, number(unixSeconds));
    }

    /** @param key a key @param unixMillis when to expire @return whether the key exists and was set */
    default CompletionStage<Boolean> pexpireat(byte[] key, long unixMillis) {
        return call(Replies::bool, "PEXPIREAT", key, number(unixMillis));
    }

    /** @param key a key @return seconds to live, -1 without expiry, -2 when the key does not exist */
    default CompletionStage<Long> ttl(byte[] key) {
        return call(Replies::integer, "TTL", key);
    }

    /** @param key a key @return milliseconds to live, -1 without expiry, -2 when the key does not exist */
    default CompletionStage<Long> pttl(byte[] key) {
        return call(Replies::integer, "PTTL", key);
    }

    /** @param key a key @return whether an expiry was removed */
    default CompletionStage<Boolean> persist(byte[] key) {
        return call(Replies::bool, "PERSIST", key);
    }

    /** @param key a key holding an integer, or none @return the value after adding one */
    default CompletionStage<Long> incr(byte[] key) {
        return call(Replies::integer, "INCR", key);
    }

    /** @param key a key holding an integer, or none @param by the increment @return the new value */
    default CompletionStage<Long> incrby(byte[] key, long by) {
        return call(Replies::integer, "INCRBY", key, number(by));
    }

    /** @param key a key holding an integer, or none @return the value after subtracting one */
    default CompletionStage<Long> decr(byte[] key) {
        return call(Replies::integer, "DECR", key);
    }

    /** @param key a key holding an integer, or none @param by the decrement @return the new value */
    default CompletionStage<Long> decrby(byte[] key, long by) {
        return call(Replies::integer, "DECRBY", key, number(by));
    }

    /** @param key a key holding a number, or none @param by the increment @return the new value */
    default CompletionStage<Double> incrbyfloat(byte[] key, double by) {
        return call(Replies::dbl, "INCRBYFLOAT", key, Replies.ascii(Double.toString(by)));
    }

    /** @param keys keys, on any nodes @return their values in key order, {@code null} for a missing key */
    default CompletionStage<List<byte[]>> mget(byte[]... keys) {
        return call(Replies::bulks, "MGET", keys);
    }

    /**
     * Writes every pair; over several nodes each node's pairs are written atomically, not all.
     *
     * @param keysAndValues key, value, key, value ...
     * @return completes once all are written
     */
    default CompletionStage<Void> mset(byte[]... keysAndValues) {
        if (keysAndValues.length == 0 || keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("MSET: " + keysAndValues.length
                    + " arguments (expected: a positive even number, keys and values)");
        }
        return call(Replies::ok, "MSET", keysAndValues);
    }

    /** @param pattern a Redis glob pattern @return the matching keys of every node ({@code KEYS}) */
    default CompletionStage<List<byte[]>> keys(byte[] pattern) {
        return call(Replies::bulks, "KEYS", pattern);
    }

    /** @param cursor {@link ScanResult#START} or a cursor a page returned @return the next page */
    default CompletionStage<ScanResult> scan(String cursor) {
        return call(Replies::scan, "SCAN", cursor.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param cursor {@link ScanResult#START} or a cursor a page returned
     * @param match a glob pattern the keys must match, or {@code null} for all
     * @param count how much work one page may do, or 0 for the server's default
     * @return the next page
     */
    default CompletionStage<ScanResult> scan(String cursor, byte[] match, long count) {
        List<byte[]> args = new ArrayList<>(List.of(cursor.getBytes(StandardCharsets.US_ASCII)));
        if (match != null) {
            args.add(Replies.ascii("MATCH"));
            args.add(match);
        }
        if (count > 0) {
            args.add(Replies.ascii("COUNT"));
            args.add(number(count));
        }
        return call(Replies::scan, "SCAN", args.toArray(byte[][]::new));
    }

    /** @return the number of keys over every node ({@code DBSIZE}) */
    default CompletionStage<Long> dbsize() {
        return call(Replies::integer, "DBSIZE");
    }

    /** @return completes once every node removed all its keys ({@code FLUSHALL}) */
    default CompletionStage<Void> flushall() {
        return call(Replies::ok, "FLUSHALL");
    }

    /** @return {@code PONG} from some node */
    default CompletionStage<String> ping() {
        return call(Replies::simple, "PING");
    }

    /** @param message any bytes @return the same bytes, from some node */
    default CompletionStage<byte[]> echo(byte[] message) {
        return call(Replies::bulk, "ECHO", message);
    }
}
