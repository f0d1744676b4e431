package chkv.store.support;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.StoreConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Redis's {@code maxmemory} enforcement over a segmented store: refusal under
 * {@code noeviction}, otherwise sampled eviction by the policy until memory is within the limit.
 */
public final class Eviction {
    private final StoreConfig config;
    private final StoreSegment[] segments;
    private final LongSupplier memoryUsed;
    private final Consumer<byte[]> remove;

    /**
     * @param config the limit, the policy, the sample size and the clock
     * @param segments every segment of the store
     * @param memoryUsed the store's {@link chkv.api.spi.Store#memoryUsed()}
     * @param remove deletes a key, taking the locks it needs; a key already gone is fine
     */
    public Eviction(StoreConfig config, StoreSegment[] segments, LongSupplier memoryUsed, Consumer<byte[]> remove) {
        this.config = config;
        this.segments = segments.clone();
        this.memoryUsed = memoryUsed;
        this.remove = remove;
    }

    /**
     * Evicts by the policy until the store is within {@code maxmemory}; see
     * {@link chkv.api.spi.Store#reserveMemory()}. Takes segment locks itself: call it holding none.
     *
     * @throws RedisException {@link RedisException#OOM} under noeviction, or when no key may go
     */
    public void reserve() {
        long max = config.maxMemory();
        if (max == 0 || memoryUsed.getAsLong() <= max) {
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
        } while (memoryUsed.getAsLong() > max);
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
        int n = segments.length;
        int taken = 0;
        for (int tries = 0; taken < samples && tries < samples + n; tries++) {
            // after a miss in a random segment, walk on so sparse candidates are still found
            StoreSegment s = segments[taken == 0 && tries >= samples ? tries - samples : random.nextInt(n)];
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
                s.unlock(stamp);
            }
        }
        if (victim == null) {
            return false;
        }
        remove.accept(victim);
        return true;
    }
}
