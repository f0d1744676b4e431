package chkv.store.support;

import chkv.api.spi.EvictionPolicy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The per-key usage word that eviction ranks by, as Redis keeps it: for LRU a 32-bit access
 * clock in 16 ms units; for LFU the access time in minutes (24 bits) above a logarithmic 8-bit
 * counter that decays by one per idle minute.
 */
public final class Usage {
    private Usage() {}

    private static final int LFU_INIT = 5;
    private static final int LFU_LOG_FACTOR = 10;
    private static final long LFU_DECAY_MINUTES = 1;

    /** @return whether the policy ranks keys by usage at all, so other policies skip the bookkeeping */
    public static boolean tracked(EvictionPolicy policy) {
        return lru(policy) || lfu(policy);
    }

    /** @return whether the policy evicts the least recently used key */
    public static boolean lru(EvictionPolicy policy) {
        return policy == EvictionPolicy.ALLKEYS_LRU || policy == EvictionPolicy.VOLATILE_LRU;
    }

    /** @return whether the policy evicts the least frequently used key */
    public static boolean lfu(EvictionPolicy policy) {
        return policy == EvictionPolicy.ALLKEYS_LFU || policy == EvictionPolicy.VOLATILE_LFU;
    }

    /** @return the usage word of a key created now */
    public static int initial(boolean lfu, long now) {
        return lfu ? (int) (minutes(now) << 8) | LFU_INIT : (int) (now >>> 4);
    }

    /** @return the usage word after an access now */
    public static int touch(boolean lfu, int word, long now) {
        if (!lfu) {
            return (int) (now >>> 4);
        }
        int counter = decayed(word, now);
        if (counter < 255) {
            double p = 1.0 / (Math.max(0, counter - LFU_INIT) * LFU_LOG_FACTOR + 1);
            if (ThreadLocalRandom.current().nextDouble() < p) {
                counter++;
            }
        }
        return (int) (minutes(now) << 8) | counter;
    }

    /**
     * @param now the evictor's time, which may be a little older than a touch that raced with it
     * @return how much a key deserves eviction: larger is evicted first
     */
    public static long badness(EvictionPolicy policy, int word, long expireAt, long now) {
        return switch (policy) {
            case ALLKEYS_LRU, VOLATILE_LRU -> idleTicks(word, now);
            case ALLKEYS_LFU, VOLATILE_LFU -> 255 - decayed(word, now);
            case VOLATILE_TTL -> -expireAt;
            default -> 0;
        };
    }

    /** @return milliseconds since the access the LRU word records, clamped at 0 as {@link #idleTicks} */
    public static long idleMillis(int word, long now) {
        return idleTicks(word, now) << 4;
    }

    /** @return the LFU counter of the word, decayed by the minutes idle since it was written */
    public static int frequency(int word, long now) {
        return decayed(word, now);
    }

    /**
     * The LRU idle time in 16 ms ticks, read as a signed 32-bit difference so that the clock's
     * wrap-around still works, and clamped at 0: the evictor reads its clock once and then takes
     * many locks, so a key touched in between looks touched in the future, and its negative idle
     * time must not wrap to the largest one and get the hottest key evicted first.
     */
    static long idleTicks(int word, long now) {
        return Math.max(0, (int) (now >>> 4) - word);
    }

    private static long minutes(long now) {
        return (now / 60_000) & 0xFF_FFFF;
    }

    private static int decayed(int word, long now) {
        // a signed 24-bit difference, clamped at 0 for a touch that raced past the evictor's clock
        long idle = Math.max(0, (int) ((minutes(now) - (word >>> 8)) << 8) >> 8);
        int counter = word & 0xFF;
        long periods = idle / LFU_DECAY_MINUTES;
        return periods >= counter ? 0 : counter - (int) periods;
    }
}
