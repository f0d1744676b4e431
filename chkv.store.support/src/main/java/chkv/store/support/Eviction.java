package chkv.store.support;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.StoreConfig;
import java.time.InstantSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Redis's {@code maxmemory} enforcement over a segmented store: refusal under
 * {@code noeviction}, otherwise sampled eviction by the policy until memory is within the limit.
 */
public final class Eviction {
    /** Slots one sample may look at under its lock. */
    static final int SAMPLE_SLOTS = 64;

    private final InstantSource clock;
    private volatile MemoryPolicy policy; // one reference, so a CONFIG SET of all three is seen at once
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
        this.clock = config.clock();
        this.policy = config.memoryPolicy();
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
        MemoryPolicy now = policy;
        long max = now.maxMemory();
        if (max == 0 || memoryUsed.getAsLong() <= max) {
            return;
        }
        if (now.policy() == EvictionPolicy.NOEVICTION) {
            throw new RedisException(RedisException.OOM);
        }
        do {
            if (!evictOne(now.policy(), now.samples())) {
                throw new RedisException(RedisException.OOM);
            }
        } while (memoryUsed.getAsLong() > max);
    }

    /**
     * Changes the limit, the policy and the sample size; the next {@link #reserve()} obeys them.
     *
     * @param memoryPolicy the new values
     */
    public void set(MemoryPolicy memoryPolicy) {
        policy = java.util.Objects.requireNonNull(memoryPolicy, "memoryPolicy");
    }

    /** @return the limit, the policy and the sample size in force */
    public MemoryPolicy policy() {
        return policy;
    }

    /**
     * Samples keys from random segments, as Redis samples its whole keyspace, and evicts the one
     * the policy ranks worst. Each sample looks at {@value #SAMPLE_SLOTS} slots at most under its
     * lock; when the random samples find no candidate (a few keys with a TTL among many without),
     * a sweep in steps of as many slots finds one, releasing the lock between steps.
     *
     * @return false when no key may be evicted
     */
    private boolean evictOne(EvictionPolicy policy, int samples) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean volatileOnly = policy.volatileOnly();
        long now = clock.millis(); // once: Usage clamps keys touched after this read
        Candidate worst = new Candidate();
        int n = segments.length;
        int taken = 0;
        for (int tries = 0; taken < samples && tries < samples + n; tries++) {
            StoreSegment s = segments[random.nextInt(n)];
            if (candidates(s, volatileOnly) > 0 && sample(s, policy, random.nextInt(Math.max(1, s.slots())), now, worst)) {
                taken++;
            }
        }
        for (int k = 0; worst.key == null && k < n; k++) {
            StoreSegment s = segments[k];
            for (int from = 0; worst.key == null && candidates(s, volatileOnly) > 0 && from < s.slots(); from += SAMPLE_SLOTS) {
                sample(s, policy, from, now, worst);
            }
        }
        if (worst.key == null) {
            return false;
        }
        remove.accept(worst.key);
        return true;
    }

    private static int candidates(StoreSegment s, boolean volatileOnly) {
        return volatileOnly ? s.expiringKeyCount() : s.keyCount(); // racy reads: a hint where to look
    }

    /** @return whether a candidate was found in the slots from {@code from}; the worst is kept */
    private static boolean sample(StoreSegment s, EvictionPolicy policy, int from, long now, Candidate worst) {
        long stamp = s.readLock();
        try {
            int i = s.sample(policy.volatileOnly(), from, SAMPLE_SLOTS);
            if (i < 0) {
                return false;
            }
            long badness = Usage.badness(policy, s.usageAt(i), s.expireAtAt(i), now);
            if (worst.key == null || badness > worst.badness) {
                worst.key = s.keyAt(i);
                worst.badness = badness;
            }
            return true;
        } finally {
            s.unlock(stamp);
        }
    }

    /** The worst-ranked key sampled so far. */
    private static final class Candidate {
        byte[] key;
        long badness;
    }
}
