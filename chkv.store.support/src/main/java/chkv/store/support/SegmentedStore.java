package chkv.store.support;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * A store of 256 {@link StoreSegment}s chosen by the top bits of a key's {@link KeyHash}: every
 * {@link Store} operation but {@link Store#get} written once over the segments' interface. A scan
 * cursor holds the segment in its low 8 bits and the segment's reverse-binary bucket cursor above
 * them. A store keeps {@code get} itself, because how it may read without the lock is its own.
 *
 * @param <S> the store's segment
 */
public abstract class SegmentedStore<S extends StoreSegment> implements Store {
    /**
     * Bits of the hash that pick the segment. A segment grows by rehashing all of it under its
     * write lock, so the count bounds that pause: 256 keep it near a millisecond at 10M keys.
     */
    public static final int SEGMENT_BITS = 8;
    /** How many segments a store has. */
    public static final int SEGMENTS = 1 << SEGMENT_BITS;

    private final S[] segments;
    private final long fixedBytes;
    /** What "now" is for expiry and usage. */
    protected final InstantSource clock;
    private final ExpiryCycle expiry;
    private final Eviction eviction;
    private volatile boolean closed;

    /**
     * @param config the limit, the policy and the clock
     * @param initialCapacity how many keys the store is sized for at first; it grows as needed
     * @param newArray makes the array of the store's segments, of the size it is given
     * @param newSegment makes one segment sized for the capacity it is given
     * @param fixedBytes what the store holds besides its segments, counted in {@link #memoryUsed()}
     */
    protected SegmentedStore(StoreConfig config, int initialCapacity, IntFunction<S[]> newArray,
            IntFunction<S> newSegment, long fixedBytes) {
        int perSegment = (int) Math.min(1 << 28, (long) initialCapacity * 4 / 3 / SEGMENTS + 1);
        this.segments = newArray.apply(SEGMENTS);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = newSegment.apply(perSegment);
        }
        this.fixedBytes = fixedBytes;
        this.clock = config.clock();
        this.expiry = new ExpiryCycle(segments, clock);
        this.eviction = new Eviction(config, segments, this::memoryUsed, this::evict);
    }

    /** @return the segments in hash order: the store's own array, not a copy */
    protected final S[] segments() {
        return segments;
    }

    /** @return the segment a key of this {@link KeyHash} lives in */
    protected final S segment(long hash) {
        return segments[(int) (hash >>> (64 - SEGMENT_BITS))];
    }

    /** @throws IllegalStateException once the store is closed */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store: closed (expected: open)");
        }
    }

    @Override
    public final List<byte[]> getAll(List<byte[]> keys) {
        checkOpen();
        return Segments.getAll(segments, SEGMENT_BITS, keys, clock);
    }

    @Override
    public final boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        checkOpen();
        return Segments.setAll(segments, SEGMENT_BITS, keys, values, onlyIfNoneExist, clock, this::reserveMemory);
    }

    @Override
    public final <R> R update(byte[] key, Mutation<R> mutation) {
        long h = KeyHash.hash(key);
        S s = segment(h);
        long stamp = s.writeLock();
        try {
            // the time once the lock is held: a key that expired while this writer waited is gone
            return s.updateLocked(key, h, mutation, clock.millis());
        } finally {
            s.unlock(stamp);
        }
    }

    /** Runs the reader under the segment's read lock, so readers block neither each other nor other segments' writers. */
    @Override
    public final <R> R read(byte[] key, Reader<R> reader) {
        long h = KeyHash.hash(key);
        S s = segment(h);
        long stamp = s.readLock();
        try {
            return s.readLocked(key, h, reader, clock);
        } finally {
            s.unlock(stamp);
        }
    }

    /** {@code APPEND} in place: amortized in the bytes appended, as Redis's sds, not in the value. */
    @Override
    public final long append(byte[] key, byte[] suffix) {
        reserveMemory();
        return write(key, Strings.AT_END, suffix);
    }

    /** {@code SETRANGE} in place: the value is copied at most once, when it must grow. */
    @Override
    public final long setRange(byte[] key, long offset, byte[] bytes) {
        reserveMemory();
        if (offset < 0) {
            throw new RedisException("ERR offset is out of range");
        }
        if (bytes.length == 0) {
            return strlen(key); // as Redis: an empty write creates nothing
        }
        if (offset > MAX_STRING_LENGTH - bytes.length) { // not offset + length: it can overflow
            throw new RedisException(RedisException.STRING_TOO_LONG);
        }
        return write(key, offset, bytes);
    }

    private long write(byte[] key, long offset, byte[] bytes) {
        long h = KeyHash.hash(key);
        S s = segment(h);
        long stamp = s.writeLock();
        try {
            return s.writeLocked(key, h, offset, bytes, clock.millis());
        } finally {
            s.unlock(stamp);
        }
    }

    @Override
    public final long scan(long cursor, int count, KeySink sink) {
        return Segments.scan(segments, SEGMENT_BITS, cursor, count, clock.millis(), sink);
    }

    @Override
    public final long size() {
        checkOpen();
        long n = 0;
        for (S s : segments) {
            n += s.keyCount(); // a racy read: a statistic, not a snapshot
        }
        return n;
    }

    @Override
    public final long expiringKeys() {
        checkOpen();
        long n = 0;
        for (S s : segments) {
            n += s.expiringKeyCount();
        }
        return n;
    }

    @Override
    public final long memoryUsed() {
        checkOpen();
        long bytes = fixedBytes;
        for (S s : segments) {
            bytes += s.bytes();
        }
        return bytes;
    }

    @Override
    public final void clear() {
        for (S s : segments) {
            long stamp = s.writeLock();
            try {
                s.reset();
            } finally {
                s.unlock(stamp);
            }
        }
    }

    @Override
    public final int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        checkOpen();
        return expiry.run(maxChecks, liveTtls);
    }

    @Override
    public final void reserveMemory() {
        eviction.reserve();
    }

    /** Removes a key eviction picked; gone already is fine: someone else freed its memory. */
    private void evict(byte[] key) {
        long h = KeyHash.hash(key);
        S s = segment(h);
        long stamp = s.writeLock();
        try {
            s.remove(key, h);
        } finally {
            s.unlock(stamp);
        }
    }

    @Override
    public final void setMemoryPolicy(long maxMemory, EvictionPolicy policy, int samples) {
        checkOpen();
        MemoryPolicy next = new MemoryPolicy(maxMemory, policy, samples); // validates before anything changes
        for (S s : segments) {
            long stamp = s.writeLock();
            try {
                s.usagePolicy(policy, clock.millis());
            } finally {
                s.unlock(stamp);
            }
        }
        eviction.set(next);
    }

    @Override
    public final MemoryPolicy memoryPolicy() {
        return eviction.policy();
    }

    @Override
    public final long idleMillis(byte[] key) {
        long word = usageOf(key);
        return word < 0 ? -1 : Usage.lru(eviction.policy().policy()) ? Usage.idleMillis((int) word, clock.millis()) : 0;
    }

    @Override
    public final int frequency(byte[] key) {
        long word = usageOf(key);
        return word < 0 ? -1 : Usage.lfu(eviction.policy().policy()) ? Usage.frequency((int) word, clock.millis()) : 0;
    }

    private long usageOf(byte[] key) {
        long h = KeyHash.hash(key);
        S s = segment(h);
        long stamp = s.readLock();
        try {
            return s.usageOf(key, h, clock.millis());
        } finally {
            s.unlock(stamp);
        }
    }

    @Override
    public final InstantSource clock() {
        return clock;
    }

    @Override
    public final void close() {
        closed = true;
        for (S s : segments) {
            long stamp = s.lock().writeLock(); // not the segment's checked lock: closing twice is harmless
            try {
                s.close();
            } finally {
                s.lock().unlockWrite(stamp);
            }
        }
    }
}
