package chkv.store.offheap;

import chkv.api.HashRange;
import chkv.api.spi.HashFunction;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.store.support.Eviction;
import chkv.store.support.ExpiryCycle;
import chkv.store.support.KeyHash;
import chkv.store.support.Segments;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The off-heap store: 64 {@link Segment}s chosen by the top bits of a key's 64-bit hash, each a
 * native index and slab behind a {@link java.util.concurrent.locks.StampedLock}; reads are
 * optimistic unless the policy tracks usage. A scan cursor holds the segment in its low 6 bits
 * and the segment's reverse-binary bucket cursor above them.
 */
final class OffHeapStore implements Store {
    static final int SEGMENT_BITS = 6;
    static final int SEGMENTS = 1 << SEGMENT_BITS;

    private final Segment[] segments = new Segment[SEGMENTS];
    private final StoreConfig config;
    private final InstantSource clock;
    private final ExpiryCycle expiry;
    private final Eviction eviction;
    private volatile boolean closed;

    OffHeapStore(StoreConfig config, int initialCapacity) {
        this.config = config;
        this.clock = config.clock();
        int perSegment = (int) Math.min(Table.MAX_CAPACITY, (long) initialCapacity * 4 / 3 / SEGMENTS + 1);
        for (int s = 0; s < SEGMENTS; s++) {
            segments[s] = new Segment(perSegment, config.policy());
        }
        this.expiry = new ExpiryCycle(segments, clock);
        this.eviction = new Eviction(config, segments, this::memoryUsed, this::evict);
    }

    Segment segment(long hash) {
        return segments[(int) (hash >>> (64 - SEGMENT_BITS))];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("offheap store: closed");
        }
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

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        checkOpen();
        return Segments.getAll(segments, SEGMENT_BITS, keys, clock);
    }

    @Override
    public boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        checkOpen();
        return Segments.setAll(segments, SEGMENT_BITS, keys, values, onlyIfNoneExist, clock, this::reserveMemory);
    }

    @Override
    public <R> R update(byte[] key, Mutation<R> mutation) {
        long h = KeyHash.hash(key);
        Segment s = segment(h);
        long now = clock.millis();
        long stamp = s.writeLock();
        try {
            return s.update(key, Table.tagOf(h), mutation, now);
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    @Override
    public long scan(long cursor, int count, KeySink sink) {
        return Segments.scan(segments, SEGMENT_BITS, cursor, count, clock.millis(), sink);
    }

    @Override
    public void forEachInRange(HashFunction hash, HashRange range, EntryVisitor visitor) {
        for (Segment s : segments) {
            List<Segment.Found> found = new ArrayList<>();
            long now = clock.millis();
            long stamp = s.readLock();
            try {
                s.collect(hash, range, now, found);
            } finally {
                s.lock.unlockRead(stamp);
            }
            found.forEach(f -> visitor.visit(f.key(), f.value(), f.expireAt()));
        }
    }

    @Override
    public long size() {
        checkOpen();
        long n = 0;
        for (Segment s : segments) {
            n += s.size;
        }
        return n;
    }

    @Override
    public long expiringKeys() {
        checkOpen();
        long n = 0;
        for (Segment s : segments) {
            n += s.volatileCount; // a racy read, as size(): a statistic, not a snapshot
        }
        return n;
    }

    @Override
    public long memoryUsed() {
        checkOpen();
        long bytes = 0;
        for (Segment s : segments) {
            bytes += s.bytes();
        }
        return bytes;
    }

    /** @return native bytes held, free blocks included: what the process pays, unlike {@link #memoryUsed()} */
    long reservedBytes() {
        checkOpen();
        long bytes = 0;
        for (Segment s : segments) {
            bytes += s.slab.reservedBytes() + (long) s.capacity() * Table.SLOT_BYTES;
        }
        return bytes;
    }

    @Override
    public void clear() {
        for (Segment s : segments) {
            long stamp = s.writeLock();
            try {
                s.reset();
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
    }

    @Override
    public int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        checkOpen();
        return expiry.run(maxChecks, liveTtls);
    }

    @Override
    public void reserveMemory() {
        eviction.reserve();
    }

    /** Removes a key eviction picked; gone already is fine: someone else freed its memory. */
    private void evict(byte[] key) {
        long h = KeyHash.hash(key);
        Segment s = segment(h);
        long stamp = s.writeLock();
        try {
            s.remove(key, Table.tagOf(h));
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public void close() {
        closed = true;
        for (Segment s : segments) {
            long stamp = s.lock.writeLock(); // not the checked lock: closing twice is harmless
            try {
                s.close();
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
    }
}
