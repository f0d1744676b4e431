package chkv.api.spi;

import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Store} is built with.
 *
 * @param clock the time expiry is judged by; tests pass a fake one and never sleep
 * @param maxMemory the {@code maxmemory} limit in bytes of {@link Store#memoryUsed()}, 0 for none
 * @param policy what happens when a write would exceed {@code maxMemory}
 * @param evictionSamples keys sampled per eviction, as Redis's {@code maxmemory-samples}
 * @param options provider-specific settings (for example an initial capacity); unknown keys
 *     are ignored
 */
public record StoreConfig(
        InstantSource clock, long maxMemory, EvictionPolicy policy, int evictionSamples,
        Map<String, String> options) {

    /** Redis's default {@code maxmemory-samples}. */
    public static final int DEFAULT_SAMPLES = 5;

    /** Validates and copies. */
    public StoreConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(policy, "policy");
        if (maxMemory < 0) {
            throw new IllegalArgumentException("maxMemory: " + maxMemory + " (expected: >= 0)");
        }
        if (evictionSamples < 1) {
            throw new IllegalArgumentException(
                    "evictionSamples: " + evictionSamples + " (expected: >= 1)");
        }
        options = Map.copyOf(options);
    }

    /** @return an unlimited store configuration on the given clock */
    public static StoreConfig of(InstantSource clock) {
        return new StoreConfig(clock, 0, EvictionPolicy.NOEVICTION, DEFAULT_SAMPLES, Map.of());
    }

    /** @return the memory limit, policy and sample size this configuration starts with */
    public MemoryPolicy memoryPolicy() {
        return new MemoryPolicy(maxMemory, policy, evictionSamples);
    }

    /** @return a copy with the given memory limit and policy */
    public StoreConfig withMaxMemory(long bytes, EvictionPolicy evictionPolicy) {
        return new StoreConfig(clock, bytes, evictionPolicy, evictionSamples, options);
    }
}
