package chkv.store.support;

/**
 * One lock-striped part of a store's keyspace, as the shared helpers see it: its lock, and the
 * slot-level reads that eviction samples with. Slot methods run under one of the segment's locks.
 */
public interface StoreSegment {

    /** @return a read stamp, once the read lock is held */
    long readLock();

    /** @return a write stamp, once the write lock is held */
    long writeLock();

    /** Releases the lock a stamp of {@link #readLock()} or {@link #writeLock()} holds. */
    void unlock(long stamp);

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
}
