package chkv.store.support;

import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a store does across its segments: multi-key reads and writes (MGET, MSET, MSETNX) that
 * lock every segment involved, each once and in index order so that two such operations cannot
 * deadlock; and SCAN, with a cursor that holds the segment in its low bits and the segment's
 * own cursor above them.
 */
public final class Segments {
    private Segments() {}

    /** @return the {@link KeyHash} of each key, in order */
    static long[] hashes(List<byte[]> keys) {
        long[] hashes = new long[keys.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = KeyHash.hash(keys.get(i));
        }
        return hashes;
    }

    /**
     * @param hashes key hashes
     * @param segmentBits how many top bits of a hash pick its segment
     * @return the segment index of each hash, each index once, ascending
     */
    static int[] lockOrder(long[] hashes, int segmentBits) {
        if (segmentBits < 1 || segmentBits > 30) {
            throw new IllegalArgumentException("segment bits: " + segmentBits + " (expected: 1..30)");
        }
        int[] index = new int[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            index[i] = index(hashes[i], segmentBits);
        }
        Arrays.sort(index);
        int distinct = 0;
        for (int i = 0; i < index.length; i++) {
            if (i == 0 || index[i] != index[i - 1]) {
                index[distinct++] = index[i];
            }
        }
        return Arrays.copyOf(index, distinct);
    }

    /**
     * Runs {@code body} holding the write or read lock of each segment in {@code order}, taken
     * in that order and released in reverse, also when the body or a later lock throws.
     *
     * @param segments all segments of the store
     * @param order indexes into {@code segments}, ascending and distinct ({@link #lockOrder})
     * @param write whether to take write locks rather than read locks
     * @param body what to run under the locks
     * @return what the body returned
     */
    static <R> R underLocks(StoreSegment[] segments, int[] order, boolean write, Supplier<R> body) {
        long[] stamps = new long[order.length];
        int held = 0;
        try {
            for (int index : order) {
                StoreSegment s = segments[index];
                stamps[held] = write ? s.writeLock() : s.readLock();
                held++;
            }
            return body.get();
        } finally {
            while (held > 0) {
                held--;
                segments[order[held]].unlock(stamps[held]);
            }
        }
    }

    /**
     * {@link Store#getAll}: every key read under the read locks of all segments involved, so no
     * write lands between two of the reads.
     *
     * @param segments all segments of the store; their number is {@code 1 << segmentBits}
     * @param segmentBits how many top bits of a hash pick its segment
     */
    public static List<byte[]> getAll(StoreSegment[] segments, int segmentBits, List<byte[]> keys,
            InstantSource clock) {
        long[] hashes = hashes(keys);
        return underLocks(segments, lockOrder(hashes, segmentBits), false, () -> {
            List<byte[]> values = new ArrayList<>(keys.size());
            for (int i = 0; i < hashes.length; i++) {
                values.add(segments[index(hashes[i], segmentBits)].getLocked(keys.get(i), hashes[i], clock));
            }
            return values;
        });
    }

    /**
     * {@link Store#setAll}: every key written, TTLs dropped, under the write locks of all segments
     * involved; with {@code onlyIfNoneExist}, nothing is written if any key is live.
     *
     * @param segments all segments of the store; their number is {@code 1 << segmentBits}
     * @param segmentBits how many top bits of a hash pick its segment
     * @param reserveMemory the store's {@link Store#reserveMemory()}, run once before any lock is
     *     taken (eviction takes segment locks itself), as Redis checks memory once per command
     * @return false when {@code onlyIfNoneExist} found a live key
     */
    public static boolean setAll(StoreSegment[] segments, int segmentBits, List<byte[]> keys, List<byte[]> values,
            boolean onlyIfNoneExist, InstantSource clock, Runnable reserveMemory) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("setAll: " + keys.size() + " keys, " + values.size() + " values");
        }
        reserveMemory.run();
        long[] hashes = hashes(keys);
        return underLocks(segments, lockOrder(hashes, segmentBits), true, () -> {
            long now = clock.millis();
            if (onlyIfNoneExist) {
                for (int i = 0; i < hashes.length; i++) {
                    if (segments[index(hashes[i], segmentBits)].updateLocked(keys.get(i), hashes[i], LIVE, now)) {
                        return false;
                    }
                }
            }
            for (int i = 0; i < hashes.length; i++) {
                byte[] value = values.get(i);
                segments[index(hashes[i], segmentBits)].updateLocked(keys.get(i), hashes[i], (current, edit) -> {
                    edit.put(value, Store.NO_EXPIRY);
                    return null;
                }, now);
            }
            return true;
        });
    }

    private static final Store.Mutation<Boolean> LIVE = (current, edit) -> current != null;

    private static int index(long hash, int segmentBits) {
        return (int) (hash >>> (64 - segmentBits));
    }

    /**
     * One SCAN call over the segments, as Redis's: at least {@code count} keys unless the scan
     * ends, visiting about ten buckets per wanted key at most, so a sparse table cannot make one
     * call walk it whole. The sink gets the keys after every lock is released, so it may call
     * the store.
     *
     * @param segments all segments of the store; their number is {@code 1 << segmentBits}
     * @param segmentBits how many low bits of the cursor name the segment
     * @param cursor 0 to start, else what the previous call returned
     * @param count the hint of keys wanted
     * @param now the time keys are live at, in epoch milliseconds
     * @param sink receives the keys
     * @return the next cursor, 0 when the scan is complete
     */
    public static long scan(StoreSegment[] segments, int segmentBits, long cursor, int count, long now,
            Store.KeySink sink) {
        int n = 1 << segmentBits;
        if (segments.length != n) {
            throw new IllegalArgumentException("segments: " + segments.length + " (expected: " + n + ")");
        }
        int seg = (int) (cursor & (n - 1));
        long v = cursor >>> segmentBits;
        int wanted = Math.max(1, count);
        int[] budget = {(int) Math.min(Integer.MAX_VALUE, Math.max(16, 10L * wanted))};
        // sized for the keys wanted (a bucket may add a few more): growing the list was half of
        // a hand-over source's CPU in a profile, the copies of a reference array under the GC
        List<byte[]> keys = new ArrayList<>(Math.min(wanted, 4096) + 16);
        long next;
        while (true) {
            StoreSegment s = segments[seg];
            long stamp = s.readLock();
            try {
                v = s.scan(v, keys, wanted, budget, now);
            } finally {
                s.unlock(stamp);
            }
            if (v == 0 && ++seg == n) {
                next = 0;
                break;
            }
            if (keys.size() >= wanted || budget[0] <= 0) {
                next = v << segmentBits | seg;
                break;
            }
        }
        keys.forEach(sink::accept);
        return next;
    }
}
