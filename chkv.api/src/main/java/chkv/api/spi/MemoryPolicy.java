package chkv.api.spi;

import java.util.Objects;

/**
 * What a {@link Store} does about memory: Redis's {@code maxmemory}, {@code maxmemory-policy}
 * and {@code maxmemory-samples}, as one value so that a change of all three is seen at once.
 *
 * @param maxMemory the limit in bytes of {@link Store#memoryUsed()}, 0 for none
 * @param policy what happens when a write would exceed {@code maxMemory}
 * @param samples keys sampled per eviction
 */
public record MemoryPolicy(long maxMemory, EvictionPolicy policy, int samples) {

    /** No limit, {@code noeviction}, Redis's default sample size. */
    public static final MemoryPolicy UNLIMITED =
            new MemoryPolicy(0, EvictionPolicy.NOEVICTION, StoreConfig.DEFAULT_SAMPLES);

    /** Validates. */
    public MemoryPolicy {
        Objects.requireNonNull(policy, "policy");
        if (maxMemory < 0) {
            throw new IllegalArgumentException("maxMemory: " + maxMemory + " (expected: >= 0)");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples: " + samples + " (expected: >= 1)");
        }
    }
}
