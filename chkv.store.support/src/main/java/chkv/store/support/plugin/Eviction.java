package chkv.store.support.plugin;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Storage;
import chkv.store.support.Usage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Redis's {@code maxmemory} enforcement over a {@link Storage}: refusal under
 * {@code noeviction}, otherwise eviction of the worst of keys sampled at random (scan steps
 * from random cursors) until memory is within the limit.
 */
final class Eviction {
    private final Storage storage;
    private final InstantSource clock;
    private final Consumer<byte[]> remove;
    private volatile MemoryPolicy policy; // one reference, so a change of all three is seen at once

    Eviction(Storage storage, MemoryPolicy policy, InstantSource clock, Consumer<byte[]> remove) {
        this.storage = storage;
        this.policy = policy;
        this.clock = clock;
        this.remove = remove;
    }

    MemoryPolicy policy() {
        return policy;
    }

    void set(MemoryPolicy next) {
        policy = next;
    }

    /** @throws RedisException {@link RedisException#OOM} under noeviction, or when no key may go */
    void reserve() {
        MemoryPolicy now = policy;
        long max = now.maxMemory();
        if (max == 0 || storage.memoryUsed() <= max) {
            return;
        }
        if (now.policy() == EvictionPolicy.NOEVICTION) {
            throw new RedisException(RedisException.OOM);
        }
        do {
            if (!evictOne(now)) {
                throw new RedisException(RedisException.OOM);
            }
        } while (storage.memoryUsed() > max);
    }

    /** @return false when no key may be evicted */
    private boolean evictOne(MemoryPolicy memory) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = clock.millis();
        Candidate worst = new Candidate();
        List<byte[]> keys = new ArrayList<>();
        int taken = 0;
        for (int tries = 0; taken < memory.samples() && tries < 4 * memory.samples(); tries++) {
            keys.clear();
            storage.scan(random.nextLong(), 1, keys::add);
            for (byte[] key : keys) {
                taken += rank(key, memory.policy(), now, worst) ? 1 : 0;
            }
        }
        long cursor = 0;
        while (worst.key == null) { // few candidates among many keys: sweep until one is found
            keys.clear();
            cursor = storage.scan(cursor, 64, keys::add);
            for (byte[] key : keys) {
                rank(key, memory.policy(), now, worst);
            }
            if (cursor == 0) {
                break;
            }
        }
        if (worst.key == null) {
            return false;
        }
        remove.accept(worst.key);
        return true;
    }

    /** @return whether the key may be evicted; the worst so far is kept */
    private boolean rank(byte[] key, EvictionPolicy policy, long now, Candidate worst) {
        long[] seen = storage.read(key, e -> e == null || (policy.volatileOnly() && e.expireAt() == 0) ? null
                : new long[] {Usage.badness(policy, e.usage(), e.expireAt(), now)});
        if (seen == null) {
            return false;
        }
        if (worst.key == null || seen[0] > worst.badness) {
            worst.key = key;
            worst.badness = seen[0];
        }
        return true;
    }

    /** The worst-ranked key sampled so far. */
    private static final class Candidate {
        byte[] key;
        long badness;
    }
}
