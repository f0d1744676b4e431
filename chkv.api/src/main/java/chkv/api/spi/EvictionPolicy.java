package chkv.api.spi;

import chkv.api.ConfigException;
import java.util.Arrays;
import java.util.Locale;

/** Redis's {@code maxmemory-policy} values. Sampling approximates LRU and LFU as Redis does. */
public enum EvictionPolicy {
    /** Refuse writes with {@code -OOM ...} once over the limit. */
    NOEVICTION,
    /** Evict the least recently used of sampled keys. */
    ALLKEYS_LRU,
    /** Evict the least frequently used of sampled keys. */
    ALLKEYS_LFU,
    /** Evict a random key. */
    ALLKEYS_RANDOM,
    /** Evict the least recently used of sampled keys that have an expiry. */
    VOLATILE_LRU,
    /** Evict the least frequently used of sampled keys that have an expiry. */
    VOLATILE_LFU,
    /** Evict a random key that has an expiry. */
    VOLATILE_RANDOM,
    /** Evict, of sampled keys with an expiry, the one that expires soonest. */
    VOLATILE_TTL;

    /** @return the Redis spelling, e.g. {@code allkeys-lru} */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return whether only keys with an expiry may be evicted */
    public boolean volatileOnly() {
        return name().startsWith("VOLATILE");
    }

    /**
     * @param name a Redis spelling such as {@code allkeys-lru}
     * @return the policy
     * @throws ConfigException listing the known names when {@code name} is none of them
     */
    public static EvictionPolicy fromRedisName(String name) {
        for (EvictionPolicy p : values()) {
            if (p.redisName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new ConfigException("maxmemory-policy: " + name + " (expected one of: "
                + String.join(", ", Arrays.stream(values()).map(EvictionPolicy::redisName).toList())
                + ")");
    }
}
