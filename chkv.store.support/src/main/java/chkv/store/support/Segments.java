package chkv.store.support;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Locking several segments for one multi-key operation (MSET, MGET, MSETNX): every segment the
 * keys fall in is locked once, in index order, so two such operations cannot deadlock.
 */
public final class Segments {
    private Segments() {}

    /** @return the {@link KeyHash} of each key, in order */
    public static long[] hashes(List<byte[]> keys) {
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
    public static int[] lockOrder(long[] hashes, int segmentBits) {
        if (segmentBits < 1 || segmentBits > 30) {
            throw new IllegalArgumentException("segment bits: " + segmentBits + " (expected: 1..30)");
        }
        int[] index = new int[hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            index[i] = (int) (hashes[i] >>> (64 - segmentBits));
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
    public static <R> R underLocks(StoreSegment[] segments, int[] order, boolean write, Supplier<R> body) {
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
}
