package chkv.store.support;

import java.time.InstantSource;
import java.util.function.LongConsumer;

/**
 * Redis's active expiry over a store's segments: one sweep cursor walks the segments in turn,
 * taking a sample of keys with a TTL from each, and stays on a segment while more than a quarter
 * of its sample had expired. Calls are serialised: one cycle runs at a time.
 */
public final class ExpiryCycle {
    /** Keys with a TTL examined per segment visit, as Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP. */
    private static final int SAMPLES = 20;

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
     * @param maxChecks the most keys with a TTL to examine
     * @param liveTtls receives the remaining TTL of each examined key that is still live
     * @return how many expired keys were removed
     */
    public synchronized int run(int maxChecks, LongConsumer liveTtls) {
        int checks = 0;
        int reclaimed = 0;
        for (int visited = 0; visited < segments.length && checks < maxChecks; ) {
            StoreSegment s = segments[segment];
            long now = clock.millis();
            long result;
            long stamp = s.writeLock();
            try {
                result = s.expireSample(Math.min(SAMPLES, maxChecks - checks), now, liveTtls);
            } finally {
                s.unlock(stamp);
            }
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
