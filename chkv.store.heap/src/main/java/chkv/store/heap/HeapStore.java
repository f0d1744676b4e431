package chkv.store.heap;

import chkv.api.spi.StoreConfig;
import chkv.store.support.KeyHash;
import chkv.store.support.SegmentedStore;

/**
 * The on-heap store: {@value SegmentedStore#SEGMENTS} {@link Segment}s, each an open-addressing
 * table behind a {@link java.util.concurrent.locks.StampedLock}; reads are optimistic.
 */
final class HeapStore extends SegmentedStore<Segment> {

    HeapStore(StoreConfig config, int initialCapacity) {
        super(config, initialCapacity, Segment[]::new, capacity -> new Segment(capacity, config.policy()),
                Entries.arrayBytes(4 * SEGMENTS));
    }

    @Override
    public byte[] get(byte[] key) {
        long h = KeyHash.hash(key);
        Segment s = segment(h);
        long stamp = s.lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                byte[] value = s.read(key, (int) h, clock);
                if (s.lock.validate(stamp)) {
                    return value;
                }
            } catch (RuntimeException raced) {
                // a writer moved or dropped the arrays under the optimistic read; retry under the lock below
            }
        }
        stamp = s.readLock();
        try {
            return s.read(key, (int) h, clock);
        } finally {
            s.lock.unlockRead(stamp);
        }
    }

    /** @return the slots of the largest segment table: what one resize rehashes at most, under one lock */
    int largestTable() {
        int largest = 0;
        for (Segment s : segments()) {
            largest = Math.max(largest, s.capacity());
        }
        return largest;
    }
}
