package chkv.store.support;

import java.time.InstantSource;
import java.util.function.LongConsumer;

/**
 * Redis's active expiry over a store's segments: one sweep cursor walks the segments in turn,
 * taking a sample of keys with a TTL from each, and stays on a segment while more than a quarter
 * of its sample had expired. The work is bounded in slots visited, not only in keys examined, as
 * Redis bounds its buckets: a store with few keys with a TTL among many without one costs a
 * cycle no more than a dense one. Segments without a key with a TTL are passed over unlocked.
 * Each cycle also moves a step of every growing segment's table, as Redis's active rehashing
 * does in its cron. Calls are serialised: one cycle runs at a time.
 */
public final class ExpiryCycle {
    /** Keys with a TTL examined per segment visit, as Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    static final int SAMPLES = 20;
    /** Slots a call may visit per key it may examine, as Redis's {@code max_buckets = num*20}. */
    static final int SLOTS_PER_CHECK = 20;
    /** Old slots one cycle moves per growing segment, under one lock: tens of microseconds. */
    static final int GROW_SLOTS = 1024;

    private final StoreSegment[] segments;
    private final InstantSource clock;
    private int segment; // guarded by this

    /**
     * @param segments every segment of the store
     * @param clock what "now" is
     */
    public ExpiryCycle(StoreSegment[] segments, InstantSource clock) {
        this.segments = segments.clone();
        this.clock = clock;
    }

    /**
     * Runs one cycle; see {@link chkv.api.spi.Store#reclaimExpired(int, LongConsumer)}.
     *
     * @param maxChecks the most keys with a TTL to examine; {@value #SLOTS_PER_CHECK} times as
     *     many slots at most are visited
     * @param liveTtls receives the remaining TTL of each examined key that is still live
     * @return how many expired keys were removed
     */
    public synchronized int run(int maxChecks, LongConsumer liveTtls) {
        for (StoreSegment s : segments) {
            if (s.growing()) { // a racy read: a growth that just began waits a cycle
                long stamp = s.writeLock();
                try {
                    s.growStep(GROW_SLOTS);
                } finally {
                    s.unlock(stamp);
                }
            }
        }
        int checks = 0;
        int reclaimed = 0;
        long slotBudget = (long) maxChecks * SLOTS_PER_CHECK;
        for (int visited = 0; visited < segments.length && checks < maxChecks && slotBudget > 0; ) {
            StoreSegment s = segments[segment];
            if (s.expiringKeyCount() == 0) { // a racy read: a key given a TTL meanwhile waits a cycle
                segment = (segment + 1) % segments.length;
                visited++;
                continue;
            }
            int wanted = Math.min(SAMPLES, maxChecks - checks);
            int slots = (int) Math.min(slotBudget, (long) wanted * SLOTS_PER_CHECK);
            long result;
            long stamp = s.writeLock();
            try {
                // the time under the lock: a key that expired while this cycle waited is expired
                result = s.expireSample(wanted, slots, clock.millis(), liveTtls);
            } finally {
                s.unlock(stamp);
            }
            slotBudget -= slots;
            int examined = (int) (result >>> 32);
            int expired = (int) result;
            checks += examined;
            reclaimed += expired;
            // as Redis: stay on a segment while more than a quarter of its sample was expired
            if (examined == 0 || expired * 4 <= examined) {
                segment = (segment + 1) % segments.length;
                visited++;
            }
        }
        return reclaimed;
    }
}
