package chkv.store.offheap;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.util.concurrent.ThreadLocalRandom;

/** Redis's maxmemory enforcement for the off-heap store: refusal under noeviction, otherwise sampled eviction by the policy. */
final class Evictor {
    private static final int SEGMENTS = OffHeapStore.SEGMENTS;

    private final OffHeapStore store;
    private final Segment[] segments;
    private final StoreConfig config;

    Evictor(OffHeapStore store, Segment[] segments, StoreConfig config) {
        this.store = store;
        this.segments = segments;
        this.config = config;
    }

    /** Evicts by the policy until {@link Store#memoryUsed()} is within the limit; see {@link Store#reserveMemory()}. */
    void reserve() {
        long max = config.maxMemory();
        if (max == 0 || store.memoryUsed() <= max) {
            return;
        }
        EvictionPolicy policy = config.policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            throw new RedisException(RedisException.OOM);
        }
        do {
            if (!evictOne(policy)) {
                throw new RedisException(RedisException.OOM);
            }
        } while (store.memoryUsed() > max);
    }

    /**
     * Samples keys from random segments, as Redis samples its whole keyspace, and evicts the one
     * the policy ranks worst.
     *
     * @return false when no key may be evicted
     */
    private boolean evictOne(EvictionPolicy policy) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean volatileOnly = policy.volatileOnly();
        long now = config.clock().millis();
        byte[] victim = null;
        long worst = Long.MIN_VALUE;
        int samples = config.evictionSamples();
        int taken = 0;
        for (int tries = 0; taken < samples && tries < samples + SEGMENTS; tries++) {
            // after a miss in a random segment, walk on so sparse candidates are still found
            Segment s = segments[taken == 0 && tries >= samples ? tries - samples : random.nextInt(SEGMENTS)];
            long stamp = s.readLock();
            try {
                int i = s.sample(volatileOnly);
                if (i >= 0) {
                    taken++;
                    long badness = Usage.badness(policy, s.usageAt(i), s.expireAtAt(i), now);
                    if (victim == null || badness > worst) {
                        victim = s.keyAt(i);
                        worst = badness;
                    }
                }
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
        if (victim == null) {
            return false;
        }
        long h = KeyHash.hash(victim);
        Segment s = store.segment(h);
        long stamp = s.writeLock();
        try {
            s.remove(victim, Table.tagOf(h)); // gone already is fine: someone else freed its memory
        } finally {
            s.lock.unlockWrite(stamp);
        }
        return true;
    }
}
