package chkv.api.spi;

import chkv.api.Glob;
import chkv.api.RedisException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * A keyspace of binary-safe string keys and values with Redis's expiry semantics.
 *
 * <p>This is the type the node serves from. A new store does not implement it: it implements
 * the few primitives of a {@link Storage}, and the project's shared code makes the store. The
 * in-tree stores implement it directly, to do some things faster.
 *
 * <p>An implementation provides the primitives (the abstract methods): lookup, an atomic
 * read-modify-write {@link #update} (and, if it can do better than the default, a shared
 * {@link #read}), a resize-safe {@link #scan(long, int, KeySink) scan},
 * hash-range iteration, accounting, active expiry and eviction. The Redis string commands are
 * default methods written once on top of {@link #update}, so every store has the same semantics;
 * a store may override one for speed if it keeps the behaviour, which the shared contract suite
 * checks.
 *
 * <p>Thread-safety: every method may be called from many threads at once; every single-key
 * operation is atomic. An expired key is never visible: it reads as absent from the moment the
 * {@linkplain StoreConfig#clock() clock} reaches its expiry time. Expiry times are absolute
 * Unix milliseconds; {@link #NO_EXPIRY} means none.
 */
public interface Store extends AutoCloseable {

    /** The expiry time of a key that never expires. */
    long NO_EXPIRY = 0;

    /** For {@link #getEx}: leave the expiry as it is. */
    long KEEP_EXPIRY = -1;

    /** Keys one {@link #randomKey()} step gathers to pick from, as Redis's {@code GETFAIR_NUM_ENTRIES}. */
    int RANDOM_KEY_GATHER = 15;

    /** Redis's {@code proto-max-bulk-len}: the longest value {@code APPEND}/{@code SETRANGE} may build. */
    long MAX_STRING_LENGTH = 512L * 1024 * 1024;

    // ---- primitives ------------------------------------------------------------------------

    /**
     * @param key the key
     * @return a copy of the live value, or {@code null} when absent or expired
     */
    byte[] get(byte[] key);

    /**
     * Reads several keys as one step ({@code MGET}): no write lands between two of the reads,
     * so a reader never sees some of the keys of one {@link #setAll} and not the others.
     *
     * @param keys the keys, repeats allowed
     * @return a copy of each key's live value, or {@code null}, in the order of {@code keys}
     */
    List<byte[]> getAll(List<byte[]> keys);

    /**
     * Writes several keys as one step ({@code MSET}, {@code MSETNX}): each gets its value and
     * loses any TTL, as a plain {@code SET}; a key that appears twice ends with its last value.
     * No reader sees some of the keys written and others not.
     *
     * @param keys the keys
     * @param values their values, as many as keys
     * @param onlyIfNoneExist write nothing when any of the keys is live ({@code MSETNX})
     * @return whether the values were written
     */
    boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist);

    /**
     * Atomically reads the live entry of {@code key} and applies {@code mutation} to it. The
     * mutation runs while the store holds the key exclusively: it must be short, must not block
     * and must not call back into the store. A call back that would wait for what the mutation
     * holds (at least one on the same key) throws {@link IllegalStateException} instead of
     * deadlocking, and so does any use of the entry or the edit after the mutation returned.
     *
     * @param key the key
     * @param mutation decides the new state through its {@link Edit} and computes a result
     * @param <R> the result type
     * @return what the mutation returned
     */
    <R> R update(byte[] key, Mutation<R> mutation);

    /**
     * Reads the live entry of {@code key} without changing it, for the commands that only look
     * ({@code EXISTS}, {@code STRLEN}, {@code TTL}, {@code GETRANGE}, ...). The reader runs while
     * the store holds the key against writers but, unlike a {@link Mutation}, need not exclude
     * other readers: a store may run readers of one key at once. The rules of a mutation apply:
     * short, not blocking, no call back into the store, and the entry is valid only during the
     * call. An expired key reads as absent; whether it is reclaimed now or later is the store's
     * choice.
     *
     * <p>The default runs the reader as an {@link #update} that edits nothing, which is correct
     * for any store; a store overrides it to read under a shared lock.
     *
     * @param key the key
     * @param reader computes the result from the live entry, or from {@code null}
     * @param <R> the result type
     * @return what the reader returned
     */
    default <R> R read(byte[] key, Reader<R> reader) {
        return update(key, (current, edit) -> reader.apply(current));
    }

    /**
     * One step of a cursor scan over live keys, with Redis's guarantee: a key present for the
     * whole scan is passed to {@code sink} at least once, also while the table grows or shrinks;
     * a key may be passed more than once.
     *
     * <p>Any long is accepted as a cursor: one this method did not return starts the scan at
     * some position, which {@link #randomKey()} uses to pick keys at random.
     *
     * @param cursor 0 to start, otherwise a value this method returned
     * @param count how much work to do, about the number of keys to visit
     * @param sink receives each key found
     * @return the cursor to continue with; 0 when the scan is complete
     */
    long scan(long cursor, int count, KeySink sink);

    /** @return the number of keys, counting expired ones not yet reclaimed (as Redis's DBSIZE) */
    long size();

    /**
     * @return the number of keys that have an expiry, counting expired ones not yet reclaimed
     *     (the {@code expires} of Redis's INFO keyspace)
     */
    long expiringKeys();

    /** @return bytes used for keys, values and their index, as the store accounts them */
    long memoryUsed();

    /** Removes every key ({@code FLUSHALL}). */
    void clear();

    /**
     * One round of active expiry, as Redis's cycle: samples keys that have an expiry and
     * reclaims those that are past it, continuing while many of the samples were expired.
     *
     * @param maxChecks an upper bound on the keys examined, so the call never stalls
     * @param liveTtls told the time to live left, in ms, of each examined key that is not yet
     *     expired (Redis averages these into INFO's {@code avg_ttl}); it runs under the store's
     *     locks, so it must be quick
     * @return the number of keys reclaimed
     */
    int reclaimExpired(int maxChecks, LongConsumer liveTtls);

    /**
     * {@link #reclaimExpired(int, LongConsumer)}, not told the live keys' TTLs.
     *
     * @param maxChecks an upper bound on the keys examined
     * @return the number of keys reclaimed
     */
    default int reclaimExpired(int maxChecks) {
        return reclaimExpired(maxChecks, ttl -> { });
    }

    /**
     * Called before a write that may grow the data set (Redis's {@code denyoom} commands). When
     * {@link #memoryUsed()} exceeds {@link StoreConfig#maxMemory()}, evicts sampled keys by the
     * configured policy until it no longer does.
     *
     * @throws RedisException {@link RedisException#OOM} when the policy is {@code noeviction} or
     *     nothing more can be evicted
     */
    void reserveMemory();

    /**
     * Changes the memory limit, the eviction policy and the keys sampled per eviction while the
     * store serves, as {@code CONFIG SET maxmemory}, {@code maxmemory-policy} and
     * {@code maxmemory-samples} do. Nothing is evicted here: the next {@link #reserveMemory()}
     * obeys the new values. When the policy starts ranking keys by usage, or changes between LRU
     * and LFU, every key's usage restarts as if it were written now.
     *
     * @param maxMemory the limit in bytes of {@link #memoryUsed()}, 0 for none
     * @param policy what happens when a write would exceed {@code maxMemory}
     * @param samples keys sampled per eviction, {@code >= 1}
     * @throws IllegalArgumentException when a value is out of range; nothing changes then
     */
    void setMemoryPolicy(long maxMemory, EvictionPolicy policy, int samples);

    /** @return the memory limit, policy and sample size in force, as configured or last set */
    MemoryPolicy memoryPolicy();

    /**
     * {@code OBJECT IDLETIME}: how long ago the key was last read or written, as the LRU policies
     * rank it, looked up without counting as a use. A store keeps this only while the policy
     * ranks keys by LRU, so under any other policy it answers 0 for a live key.
     *
     * @param key the key
     * @return milliseconds since the last use, to the store's LRU resolution; -1 when absent
     */
    default long idleMillis(byte[] key) {
        return exists(key) ? 0 : -1;
    }

    /**
     * {@code OBJECT FREQ}: Redis's logarithmic access counter of the key, decayed to now, looked up
     * without counting as a use. A store keeps it only while the policy ranks keys by LFU, so
     * under any other policy it answers 0 for a live key.
     *
     * @param key the key
     * @return the counter, 0 to 255; -1 when absent
     */
    default int frequency(byte[] key) {
        return exists(key) ? 0 : -1;
    }

    /** @return the clock expiry is judged by */
    InstantSource clock();

    /**
     * Releases all memory the store holds. Afterwards every operation but {@code close} throws
     * {@link IllegalStateException}; closing again does nothing.
     */
    @Override
    void close();

    // ---- Redis semantics, written once ----------------------------------------------------

    /** @return whether the key is live ({@code EXISTS}) */
    default boolean exists(byte[] key) {
        return read(key, current -> current != null);
    }

    /** @return whether a live key was removed ({@code DEL}) */
    default boolean delete(byte[] key) {
        return update(key, (current, edit) -> {
            if (current == null) {
                return false;
            }
            edit.delete();
            return true;
        });
    }

    /**
     * {@code SET} with every option.
     *
     * @return whether the value was written, and the previous value when asked for
     */
    default SetResult set(byte[] key, byte[] value, SetOptions options) {
        reserveMemory();
        return update(key, (current, edit) -> StringOps.set(current, edit, value, options));
    }

    /** @return the value that was removed, or {@code null} ({@code GETDEL}) */
    default byte[] getDel(byte[] key) {
        return update(key, (current, edit) -> {
            if (current == null) {
                return null;
            }
            edit.delete();
            return current.value();
        });
    }

    /**
     * {@code GETEX}: returns the value and changes its expiry.
     *
     * @param expireAt {@link #KEEP_EXPIRY} to leave it, {@link #NO_EXPIRY} to persist, or an
     *     absolute time (a past one deletes the key after reading it)
     * @return the value, or {@code null}
     */
    default byte[] getEx(byte[] key, long expireAt) {
        long now = clock().millis();
        return update(key, (current, edit) -> {
            if (current == null) {
                return null;
            }
            byte[] value = current.value();
            if (expireAt == NO_EXPIRY) {
                if (current.expireAt() != NO_EXPIRY) {
                    edit.expireAt(NO_EXPIRY);
                }
            } else if (expireAt != KEEP_EXPIRY) {
                if (expireAt <= now) {
                    edit.delete();
                } else {
                    edit.expireAt(expireAt);
                }
            }
            return value;
        });
    }

    /**
     * {@code INCRBY} and its family.
     *
     * @return the new value
     * @throws RedisException when the value is not an integer or the result overflows
     */
    default long incrBy(byte[] key, long delta) {
        reserveMemory();
        return update(key, (current, edit) -> StringOps.incrBy(current, edit, delta));
    }

    /**
     * {@code INCRBYFLOAT}, with Redis's parsing and formatting (17 significant fraction digits,
     * trailing zeros removed, no exponent).
     *
     * @param increment the increment as the client sent it
     * @return the new value as stored
     * @throws RedisException when either number is not a valid float or the result is not finite
     */
    default byte[] incrByFloat(byte[] key, byte[] increment) {
        reserveMemory();
        return update(key, (current, edit) -> StringOps.incrByFloat(current, edit, increment));
    }

    /** @return the length after appending ({@code APPEND}) */
    default long append(byte[] key, byte[] suffix) {
        reserveMemory();
        return update(key, (current, edit) -> StringOps.append(current, edit, suffix));
    }

    /** @return the value's length, 0 when absent ({@code STRLEN}) */
    default long strlen(byte[] key) {
        return read(key, current -> current == null ? 0L : (long) current.valueLength());
    }

    /**
     * {@code SETRANGE}: overwrites from {@code offset}, zero-padding as needed.
     *
     * @return the length afterwards
     */
    default long setRange(byte[] key, long offset, byte[] bytes) {
        reserveMemory();
        return update(key, (current, edit) -> StringOps.setRange(current, edit, offset, bytes));
    }

    /** @return {@code GETRANGE} of the value, with Redis's negative-index rules; copies only the range */
    default byte[] getRange(byte[] key, long start, long end) {
        return read(key, current -> StringOps.range(current, start, end));
    }

    /**
     * {@code EXPIRE}/{@code PEXPIRE}/{@code EXPIREAT}/{@code PEXPIREAT} with NX/XX/GT/LT.
     *
     * @param expireAt absolute time; a time not after now deletes the key
     * @return whether the expiry was set (or the key deleted)
     */
    default boolean expireAt(byte[] key, long expireAt, ExpireCondition condition) {
        long now = clock().millis();
        return update(key, (current, edit) -> {
            if (current == null || !condition.allows(current.expireAt(), expireAt)) {
                return false;
            }
            if (expireAt <= now) {
                edit.delete();
            } else {
                edit.expireAt(expireAt);
            }
            return true;
        });
    }

    /** @return milliseconds to live; -2 when absent, -1 without expiry ({@code PTTL}) */
    default long pttl(byte[] key) {
        return read(key, current -> current == null ? -2L
                : current.expireAt() == NO_EXPIRY ? -1L : Math.max(0, current.expireAt() - clock().millis()));
    }

    /** @return the absolute expiry in ms; -2 when absent, -1 without expiry ({@code PEXPIRETIME}) */
    default long expireTime(byte[] key) {
        return read(key, current -> current == null ? -2L
                : current.expireAt() == NO_EXPIRY ? -1L : current.expireAt());
    }

    /** @return whether an expiry was removed ({@code PERSIST}) */
    default boolean persist(byte[] key) {
        return update(key, (current, edit) -> {
            if (current == null || current.expireAt() == NO_EXPIRY) {
                return false;
            }
            edit.expireAt(NO_EXPIRY);
            return true;
        });
    }

    /**
     * {@code SCAN cursor [MATCH pattern] [COUNT count]}: the pattern filters after the step, as
     * in Redis, so a page may be empty while the cursor is not 0.
     *
     * @param pattern a {@link Glob} pattern, or {@code null} for all keys
     */
    default ScanPage scan(long cursor, byte[] pattern, int count) {
        List<byte[]> keys = new ArrayList<>();
        boolean all = Glob.matchesAll(pattern);
        long next = scan(cursor, count, key -> {
            if (all || Glob.matches(pattern, key)) {
                keys.add(key);
            }
        });
        return new ScanPage(next, keys);
    }

    /**
     * {@code RANDOMKEY}: a live key picked about uniformly, as Redis's fair random key: a scan
     * step from a random cursor gathers a few keys and one of them is picked at random, which
     * evens out how many keys a cursor position leads to.
     *
     * @return a live key, or {@code null} when there is none
     */
    default byte[] randomKey() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        List<byte[]> found = new ArrayList<>();
        for (int attempt = 0; attempt < 16 && found.isEmpty(); attempt++) {
            scan(random.nextLong(), RANDOM_KEY_GATHER, found::add);
        }
        if (found.isEmpty() && size() > 0) { // unlucky cursors, or live keys are rare: look everywhere
            long cursor = 0;
            do {
                cursor = scan(cursor, 1024, found::add);
            } while (cursor != 0 && found.isEmpty());
        }
        return found.isEmpty() ? null : found.get(random.nextInt(found.size()));
    }

    /** @return every live key matching the {@link Glob} pattern, each once ({@code KEYS}) */
    default List<byte[]> keys(byte[] pattern) {
        java.util.Set<java.nio.ByteBuffer> seen = new java.util.HashSet<>();
        List<byte[]> keys = new ArrayList<>();
        boolean all = Glob.matchesAll(pattern);
        long cursor = 0;
        do {
            cursor = scan(cursor, 1024, key -> {
                if ((all || Glob.matches(pattern, key)) && seen.add(java.nio.ByteBuffer.wrap(key))) {
                    keys.add(key);
                }
            });
        } while (cursor != 0);
        return keys;
    }

    // ---- the small types of the contract --------------------------------------------------

    /** The live state of a key, as a {@link Mutation} sees it. Valid only during the mutation. */
    interface Entry {
        /** @return a copy of the value */
        byte[] value();

        /** @return the value's length in bytes */
        int valueLength();

        /**
         * A part of the value, copied without copying the rest ({@code GETRANGE}). The default
         * copies the whole value first; a store overrides it to copy only the part.
         *
         * @param from the first byte, {@code 0 <= from <= to}
         * @param to the byte after the last, {@code to <= valueLength()}
         * @return a copy of bytes {@code from} to {@code to - 1} of the value
         * @throws IndexOutOfBoundsException when the bounds are not within the value
         */
        default byte[] value(int from, int to) {
            Objects.checkFromToIndex(from, to, valueLength());
            return Arrays.copyOfRange(value(), from, to);
        }

        /** @return the absolute expiry time in ms, or {@link #NO_EXPIRY} */
        long expireAt();

        /**
         * The word eviction ranks keys by under an LRU or LFU policy, kept for the shared code by
         * a {@link Storage}; a store that keeps its own answers 0.
         *
         * @return the entry's usage word
         */
        default int usage() {
            return 0;
        }
    }

    /** How a {@link Mutation} changes a key. Calling nothing leaves it unchanged; the last call wins. */
    interface Edit {
        /** Stores {@code value} with the given expiry (a new key, or a replaced value). */
        void put(byte[] value, long expireAt);

        /** Changes only the expiry of the existing key. */
        void expireAt(long expireAt);

        /** Removes the key. */
        void delete();

        /**
         * Sets the usage word of the key as it is after this edit (see {@link Entry#usage()}),
         * without counting as a change of the value; does nothing when the key is deleted. A
         * {@link Storage} keeps it; a store that keeps its own ignores it.
         *
         * @param word the new usage word
         */
        default void usage(int word) {
        }
    }

    /**
     * An atomic read-modify-write of one key.
     *
     * @param <R> the result type
     */
    @FunctionalInterface
    interface Mutation<R> {
        /**
         * @param current the live entry, or {@code null} when absent or expired
         * @param edit where the new state is written
         * @return the result of the operation
         */
        R apply(Entry current, Edit edit);
    }

    /**
     * A look at one key that changes nothing; see {@link #read(byte[], Reader)}.
     *
     * @param <R> the result type
     */
    @FunctionalInterface
    interface Reader<R> {
        /**
         * @param current the live entry, or {@code null} when absent or expired
         * @return the result of the read
         */
        R apply(Entry current);
    }

    /** Receives keys from {@link #scan(long, int, KeySink)}. */
    @FunctionalInterface
    interface KeySink {
        /** @param key a live key (a fresh copy the receiver may keep) */
        void accept(byte[] key);
    }

    /**
     * The result of {@link #set(byte[], byte[], SetOptions)}.
     *
     * @param written whether the value was stored (false when NX/XX prevented it)
     * @param previous the value before, when {@link SetOptions#returnPrevious()} asked for it
     */
    record SetResult(boolean written, byte[] previous) {}

    /**
     * A page of {@code SCAN}.
     *
     * @param cursor the cursor to continue with, 0 when done
     * @param keys the keys of this page
     */
    record ScanPage(long cursor, List<byte[]> keys) {}
}
