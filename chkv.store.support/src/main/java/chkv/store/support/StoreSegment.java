package chkv.store.support;

import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;

/**
 * One lock-striped part of a store's keyspace, as the shared helpers see it: its lock, reads and
 * mutations by key, the slot-level reads that eviction samples with, a scan step and an
 * active-expiry sample. All but the lock methods run under one of the segment's locks.
 */
public interface StoreSegment {

    /** @return the lock that guards the segment */
    StampedLock lock();

    /** @return a read stamp, once the read lock is held; a segment may check its state here */
    default long readLock() {
        return lock().readLock();
    }

    /** @return a write stamp, once the write lock is held; a segment may check its state here */
    default long writeLock() {
        return lock().writeLock();
    }

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
     * @param volatileOnly whether only keys with a TTL may be picked
     * @return the slot of a random live key that eviction may pick, or -1 if there is none
     */
    int sample(boolean volatileOnly);

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
     * @param now the time, in epoch milliseconds
     * @param liveTtls receives the remaining TTL of each examined key that is still live
     * @return the keys with a TTL examined (high 32 bits) and those removed (low 32 bits)
     */
    long expireSample(int samples, long now, LongConsumer liveTtls);
}
