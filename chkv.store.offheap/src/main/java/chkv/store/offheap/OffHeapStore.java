package chkv.store.offheap;

import chkv.api.spi.StoreConfig;
import chkv.store.support.KeyHash;
import chkv.store.support.SegmentedStore;

/**
 * The off-heap store: {@value SegmentedStore#SEGMENTS} {@link Segment}s, each a native index and
 * slab behind a {@link java.util.concurrent.locks.StampedLock}; reads are optimistic unless the
 * policy tracks usage.
 */
final class OffHeapStore extends SegmentedStore<Segment> {
    OffHeapStore(StoreConfig config, int initialCapacity) {
        super(config, initialCapacity, Segment[]::new, capacity -> new Segment(capacity, config.policy()),
                0);
    }

    @Override
    public byte[] get(byte[] key) {
        long h = KeyHash.hash(key);
        Segment s = segment(h);
        int tag = Table.tagOf(h);
        if (!s.tracked) {
            long stamp = s.lock.tryOptimisticRead();
            if (stamp != 0) {
                try {
                    byte[] value = s.read(key, tag, clock, stamp);
                    if (value != Segment.RETRY && s.lock.validate(stamp)) {
                        return value;
                    }
                } catch (RuntimeException raced) {
                    // a writer moved or freed memory under the optimistic read; retry under the lock below
                }
            }
        }
        long stamp = s.readLock();
        try {
            return s.read(key, tag, clock, 0);
        } finally {
            s.lock.unlockRead(stamp);
        }
    }

    /** @return native bytes held, free blocks included: what the process pays, unlike {@link #memoryUsed()} */
    long reservedBytes() {
        checkOpen();
        long bytes = 0;
        for (Segment s : segments()) {
            bytes += s.slab.reservedBytes() + (long) s.slots() * Table.SLOT_BYTES;
        }
        return bytes;
    }

    /** @return the slots of the largest segment table: what the write that begins a growth allocates at most */
    int largestTable() {
        int largest = 0;
        for (Segment s : segments()) {
            largest = Math.max(largest, s.capacity());
        }
        return largest;
    }
}
