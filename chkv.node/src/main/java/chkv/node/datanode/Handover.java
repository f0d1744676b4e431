package chkv.node.datanode;

import chkv.cluster.ClusterMessage.Transfer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ranges a source is handing over, as the command path sees them: which keys are in them,
 * which of those were written since the hand-over began (they are sent again), and whether the
 * ranges are frozen for the last pass.
 */
final class Handover {
    /** Interval starts and ends, inclusive, in signed order; a wrapping range is cut in two. */
    private final long[] lows;
    private final long[] highs;
    private final int[] targets;
    private final List<Transfer> transfers;
    private final Set<ByteBuffer> dirty = ConcurrentHashMap.newKeySet();
    /**
     * The keys the attempt in progress took, on the hand-over's thread only: should it fail, its
     * last batches may never have arrived, and the next attempt's sweep finds only the keys that
     * still exist, so a deletion would be lost.
     */
    private final Set<ByteBuffer> inFlight = new HashSet<>();
    private volatile boolean frozen;

    /** @param transfers the ranges and where each goes; not empty */
    Handover(List<Transfer> transfers) {
        this.transfers = List.copyOf(transfers);
        List<long[]> intervals = new ArrayList<>();
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            if (t.start() == t.end()) {
                intervals.add(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, i});
            } else if (t.start() < t.end()) {
                intervals.add(new long[] {t.start() + 1, t.end(), i});
            } else {
                if (t.start() != Long.MAX_VALUE) {
                    intervals.add(new long[] {t.start() + 1, Long.MAX_VALUE, i});
                }
                intervals.add(new long[] {Long.MIN_VALUE, t.end(), i});
            }
        }
        intervals.sort(Comparator.comparingLong(a -> a[0]));
        lows = new long[intervals.size()];
        highs = new long[intervals.size()];
        targets = new int[intervals.size()];
        for (int i = 0; i < intervals.size(); i++) {
            lows[i] = intervals.get(i)[0];
            highs[i] = intervals.get(i)[1];
            targets[i] = (int) intervals.get(i)[2];
        }
    }

    /** @return the transfers, in order */
    List<Transfer> transfers() {
        return transfers;
    }

    /**
     * @param position a ring position
     * @return the index in {@link #transfers()} of the range holding it, or -1 when it stays here
     */
    int transferOf(long position) {
        int i = Arrays.binarySearch(lows, position);
        if (i < 0) {
            i = -i - 2; // the last interval starting before the position
        }
        return i >= 0 && position <= highs[i] ? targets[i] : -1;
    }

    /** @return the share of the ring handed over, 0 to 1 */
    double share() {
        double sum = 0;
        for (int i = 0; i < lows.length; i++) {
            sum += ((double) highs[i] - (double) lows[i] + 1) / 0x1p64;
        }
        return Math.min(1, sum);
    }

    /** @param key a key in the ranges that a command may have changed: it is sent again */
    void written(byte[] key) {
        dirty.add(ByteBuffer.wrap(key));
    }

    /**
     * Takes the keys written since the last call; each is removed before its value is read, so
     * a write after the read marks it again.
     *
     * @param max the most to take
     * @return the keys taken
     */
    List<byte[]> takeWritten(int max) {
        List<byte[]> taken = new ArrayList<>(Math.min(max, dirty.size()));
        var it = dirty.iterator();
        while (it.hasNext() && taken.size() < max) {
            ByteBuffer key = it.next();
            it.remove();
            inFlight.add(key);
            taken.add(key.array());
        }
        return taken;
    }

    /** After a failed attempt: the keys it took are written again, so the next one sends each anew. */
    void retryTaken() {
        dirty.addAll(inFlight);
        inFlight.clear();
    }

    /** @return how many written keys wait to be sent again */
    int writtenCount() {
        return dirty.size();
    }

    /**
     * Stops new commands on the ranges and waits for the running ones, so the last pass sees
     * every acknowledged write.
     *
     * @param quiesce returns once every command running when it was called has finished
     */
    void freeze(Runnable quiesce) {
        frozen = true;
        quiesce.run();
    }

    /** Lets commands on the ranges run again, when a hand-over failed or was cancelled. */
    void thaw() {
        frozen = false;
    }

    /** @return whether the ranges are frozen */
    boolean frozen() {
        return frozen;
    }
}
