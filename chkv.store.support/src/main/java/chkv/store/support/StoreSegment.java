package chkv.store.support;

import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;

/**
 * One lock-striped part of a store's keyspace, as the shared helpers see it: its lock, reads and
 * mutations by key, the slot-level reads that eviction samples with, a scan step, an
 * active-expiry sample, a range copy and its counts. All but the lock methods and the counts run
 * under one of the segment's locks.
 */
public interface StoreSegment {

    /** @return the lock that guards the segment */
    StampedLock lock();

    /**
     * @return a read stamp, once the read lock is held on a segment that is not closed
     * @throws IllegalStateException when closed, or when called from inside a mutation of this
     *     segment, which holds its write lock (waiting would deadlock)
     */
    default long readLock() {
        checkNotMutating();
        return checkOpen(lock().readLock());
    }

    /** @return a write stamp, as {@link #readLock()} says */
    default long writeLock() {
        checkNotMutating();
        return checkOpen(lock().writeLock());
    }

    private void checkNotMutating() {
        if (mutating() == Thread.currentThread()) {
            throw new IllegalStateException("store: called from inside a mutation (expected: mutations never call back)");
        }
    }

    private long checkOpen(long stamp) {
        if (closed()) {
            lock().unlock(stamp);
            throw new IllegalStateException("store: closed (expected: open)");
        }
        return stamp;
    }

    /** @return whether {@link #close()} ran; read under the lock */
    boolean closed();

    /**
     * @return the thread running a mutation of this segment now, or {@code null}; a plain field
     *     is enough, since only the thread that wrote it can find itself there
     */
    Thread mutating();

    /** Releases the lock a stamp of {@link #readLock()} or {@link #writeLock()} holds. */
    default void unlock(long stamp) {
        lock().unlock(stamp);
    }

    /**
     * Reads a key that falls in this segment; under a read or write lock.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     * @param clock what "now" is, read only when the key has a TTL or usage is tracked
     * @return its live value, or {@code null}
     */
    byte[] getLocked(byte[] key, long hash, InstantSource clock);

    /**
     * Runs a reader of a key that falls in this segment; under a read or write lock, so readers
     * run at once. An expired key reads as absent and stays until a write or active expiry
     * reclaims it; the usage word is touched as by {@link #getLocked}.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     * @param reader as {@link Store#read(byte[], Store.Reader)}
     * @param clock what "now" is, read only when the key has a TTL or usage is tracked
     * @return what the reader returned
     */
    <R> R readLocked(byte[] key, long hash, Store.Reader<R> reader, InstantSource clock);

    /**
     * Runs a mutation of a key that falls in this segment; under the write lock.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     * @param mutation as {@link Store#update(byte[], Store.Mutation)}
     * @param now the time, in epoch milliseconds
     * @return what the mutation returned
     */
    <R> R updateLocked(byte[] key, long hash, Store.Mutation<R> mutation, long now);

    /**
     * Writes {@code bytes} into the value of a key that falls in this segment, as {@code APPEND}
     * and {@code SETRANGE} do: at {@code offset}, or at the end for {@link Strings#AT_END};
     * zero-filling any gap; creating the key without a TTL when absent, keeping its TTL
     * otherwise. It costs about the bytes written, not the value: a value grown here gets spare
     * room ({@link Strings#capacityFor}) so later appends land in place. Under the write lock.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     * @param offset where to write, {@code >= 0}, or {@link Strings#AT_END}
     * @param bytes what to write
     * @param now the time, in epoch milliseconds
     * @return the value's length afterwards
     * @throws chkv.api.RedisException {@link chkv.api.RedisException#STRING_TOO_LONG} when the
     *     value would outgrow {@link Store#MAX_STRING_LENGTH}; nothing is changed then
     */
    long writeLocked(byte[] key, long hash, long offset, byte[] bytes, long now);

    /**
     * Looks for a key eviction may pick among at most {@code slots} slots from slot {@code from}
     * on (wrapping around), so one call holds the lock for a bounded time however sparse the
     * candidates are; under a read lock.
     *
     * @param volatileOnly whether only keys with a TTL may be picked
     * @param from the first slot to look at, taken modulo {@link #slots()}
     * @param slots the most slots to look at
     * @return the slot of a key eviction may pick, or -1 if none of those slots holds one
     */
    int sample(boolean volatileOnly, int from, int slots);

    /** @return the slots of the segment's table, which {@link #sample} indexes; may be read without a lock */
    int slots();

    /**
     * @return whether the segment's table is growing a step at a time, as Redis's dict rehashes,
     *     so {@link #growStep} has work; may be read without a lock
     */
    default boolean growing() {
        return false;
    }

    /**
     * Moves a bounded part of a growth along, as Redis's active rehashing does while the keys
     * are idle, so a table that stopped being written does not keep two tables; under the write lock.
     *
     * @param slots the most slots of the old table to move
     * @return whether the segment still grows
     */
    default boolean growStep(int slots) {
        return false;
    }

    /**
     * Reads a key's usage word without touching it ({@code OBJECT IDLETIME}, {@code FREQ}); under a read lock.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     * @param now the time keys are live at, in epoch milliseconds
     * @return the live key's usage word as an unsigned int, or -1 when absent or expired
     */
    long usageOf(byte[] key, long hash, long now);

    /** @return the usage word of the key in the slot (see {@link Usage}) */
    int usageAt(int slot);

    /** @return the expiry of the key in the slot, in epoch milliseconds, 0 for none */
    long expireAtAt(int slot);

    /** @return a copy of the key in the slot */
    byte[] keyAt(int slot);

    /**
     * Visits buckets in reverse-binary order from cursor {@code v}, adding the live keys whose
     * home each bucket is (Redis's SCAN guarantees survive a resize); under a read lock.
     *
     * @param v the segment's cursor, 0 to start
     * @param out where keys go
     * @param wanted stop once {@code out} holds this many
     * @param budget {@code budget[0]} buckets may still be visited; decremented per bucket
     * @param now the time keys are live at, in epoch milliseconds
     * @return the next cursor, 0 when this segment is done
     */
    long scan(long v, List<byte[]> out, int wanted, int[] budget, long now);

    /**
     * One sample of active expiry from the segment's sweep cursor; under the write lock.
     *
     * @param samples the most keys with a TTL to examine
     * @param slots the most slots to visit, so a table with few keys with a TTL among many
     *     without one is not walked whole under the lock
     * @param now the time, in epoch milliseconds
     * @param liveTtls receives the remaining TTL of each examined key that is still live
     * @return the keys with a TTL examined (high 32 bits) and those removed (low 32 bits)
     */
    long expireSample(int samples, int slots, long now, LongConsumer liveTtls);

    /**
     * Removes a key that falls in this segment if it is there; under the write lock.
     *
     * @param key the key
     * @param hash its {@link KeyHash}
     */
    void remove(byte[] key, long hash);

    /**
     * Makes the usage word follow a new eviction policy; under the write lock. When the policy
     * starts tracking usage, or changes between LRU and LFU, every key's word restarts as
     * {@link Usage#initial} at {@code now}: a word kept for the other meaning, or never kept,
     * would rank keys at random.
     *
     * @param policy the policy from now on
     * @param now the time, in epoch milliseconds
     */
    void usagePolicy(chkv.api.spi.EvictionPolicy policy, long now);

    /** Removes every key and shrinks to the initial size; under the write lock. */
    void reset();

    /** Frees everything; the segment is unusable afterwards. Under the write lock. */
    void close();

    /** @return keys held, expired ones not yet reclaimed included; may be read without a lock */
    int keyCount();

    /** @return keys held with a TTL; may be read without a lock */
    int expiringKeyCount();

    /** @return the bytes the segment's keys, values and tables take; may be read without a lock */
    long bytes();
}
