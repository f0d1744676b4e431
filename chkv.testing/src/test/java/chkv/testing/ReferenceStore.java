package chkv.testing;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/** A deliberately simple, fully synchronized store that checks the contract suite itself. */
final class ReferenceStore implements Store {
    private static final class Slot {
        final byte[] key;
        byte[] value;
        long expireAt;
        long lastUse;
        long uses;

        Slot(byte[] key) {
            this.key = key;
        }
    }

    private final StoreConfig config;
    private MemoryPolicy limits;
    // a slot never moves, so a scan by slot index trivially keeps Redis's guarantee; freed slots are reused
    private final List<Slot> slots = new ArrayList<>();
    private final java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
    private final Map<ByteBuffer, Integer> index = new HashMap<>();
    private final Random random = new Random(1);
    private long memory;
    private boolean mutating;
    private boolean closed;

    ReferenceStore(StoreConfig config) {
        this.config = config;
        this.limits = config.memoryPolicy();
    }

    /** Refuses use after close and calls back from inside a mutation, as the contract asks. */
    private void check() {
        if (closed) {
            throw new IllegalStateException("store: closed (expected: open)");
        }
        if (mutating) {
            throw new IllegalStateException("store: called from inside a mutation (expected: mutations never call back)");
        }
    }

    private boolean dead(Slot s) {
        return s.expireAt != NO_EXPIRY && s.expireAt <= config.clock().millis();
    }

    /** @return the live slot of a key, untouched, or {@code null} */
    private Slot live(byte[] key) {
        Integer at = index.get(ByteBuffer.wrap(key));
        Slot s = at == null ? null : slots.get(at);
        return s == null || dead(s) ? null : s;
    }

    private void remove(int i) {
        Slot s = slots.set(i, null);
        free.push(i);
        index.remove(ByteBuffer.wrap(s.key));
        memory -= 64 + s.key.length + s.value.length;
    }

    @Override
    public synchronized byte[] get(byte[] key) {
        check();
        return update(key, (current, edit) -> current == null ? null : current.value());
    }

    @Override
    public synchronized List<byte[]> getAll(List<byte[]> keys) {
        check();
        List<byte[]> values = new ArrayList<>();
        keys.forEach(k -> values.add(get(k)));
        return values;
    }

    @Override
    public synchronized boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        check();
        if (onlyIfNoneExist && keys.stream().anyMatch(this::exists)) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            set(keys.get(i), values.get(i), SetOptions.PLAIN);
        }
        return true;
    }

    @Override
    public synchronized <R> R update(byte[] key, Mutation<R> mutation) {
        check();
        Integer at = index.get(ByteBuffer.wrap(key));
        Slot slot = at == null ? null : slots.get(at);
        if (slot != null && dead(slot)) {
            remove(at);
            slot = null;
        }
        Slot found = slot;
        if (found != null) {
            found.lastUse = config.clock().millis();
            found.uses++;
        }
        Object[] next = new Object[3]; // op, value, expiry
        boolean[] open = {true};
        Runnable checkOpen = () -> {
            if (!open[0]) {
                throw new IllegalStateException("entry: used after its mutation returned (expected: only during it)");
            }
        };
        R result;
        mutating = true;
        try {
            result = mutation.apply(found == null ? null : new Entry() {
                public byte[] value() { checkOpen.run(); return found.value.clone(); }
                public int valueLength() { checkOpen.run(); return found.value.length; }
                public long expireAt() { checkOpen.run(); return found.expireAt; }
            }, new Edit() {
                public void put(byte[] value, long expireAt) { checkOpen.run(); next[0] = "put"; next[1] = value.clone(); next[2] = expireAt; }
                public void expireAt(long expireAt) { checkOpen.run(); next[0] = "expire"; next[2] = expireAt; }
                public void delete() { checkOpen.run(); next[0] = "delete"; }
            });
        } finally {
            mutating = false;
            open[0] = false;
        }
        if ("delete".equals(next[0]) && found != null) {
            remove(index.get(ByteBuffer.wrap(key)));
        } else if ("expire".equals(next[0]) && found != null) {
            found.expireAt = (long) next[2];
        } else if ("put".equals(next[0])) {
            Slot s = found;
            if (s == null) {
                s = new Slot(key.clone());
                s.value = new byte[0];
                s.lastUse = config.clock().millis();
                if (free.isEmpty()) {
                    index.put(ByteBuffer.wrap(s.key), slots.size());
                    slots.add(s);
                } else {
                    index.put(ByteBuffer.wrap(s.key), free.peek());
                    slots.set(free.pop(), s);
                }
                memory += 64 + s.key.length;
            }
            memory += ((byte[]) next[1]).length - s.value.length;
            s.value = (byte[]) next[1];
            s.expireAt = (long) next[2];
        }
        return result;
    }

    @Override
    public synchronized long scan(long cursor, int count, KeySink sink) {
        check();
        int i = (int) Math.floorMod(cursor, (long) Math.max(1, slots.size())); // any long: RANDOMKEY starts anywhere
        for (int n = 0; i < slots.size() && n < count; i++, n++) {
            Slot s = slots.get(i);
            if (s != null && !dead(s)) {
                sink.accept(s.key.clone());
            }
        }
        return i >= slots.size() ? 0 : i;
    }

    @Override
    public synchronized long size() {
        check();
        return index.size();
    }

    @Override
    public synchronized long expiringKeys() {
        check();
        return index.values().stream().filter(i -> slots.get(i).expireAt != NO_EXPIRY).count();
    }

    @Override
    public synchronized long memoryUsed() {
        check();
        return memory;
    }

    @Override
    public synchronized void clear() {
        check();
        slots.clear();
        free.clear();
        index.clear();
        memory = 0;
    }

    @Override
    public synchronized int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        check();
        int reclaimed = 0;
        for (int n = 0; n < maxChecks && !index.isEmpty(); n++) {
            int i = random.nextInt(slots.size());
            Slot s = slots.get(i);
            if (s != null && dead(s)) {
                remove(i);
                reclaimed++;
            } else if (s != null && s.expireAt != NO_EXPIRY) {
                liveTtls.accept(s.expireAt - config.clock().millis());
            }
        }
        return reclaimed;
    }

    @Override
    public synchronized void reserveMemory() {
        check();
        EvictionPolicy policy = limits.policy();
        for (int round = 0; limits.maxMemory() > 0 && memory > limits.maxMemory(); round++) {
            if (policy == EvictionPolicy.NOEVICTION || round > 100_000) {
                throw new RedisException(RedisException.OOM);
            }
            int victim = -1;
            for (int n = 0; n < limits.samples() * 20 && !index.isEmpty(); n++) {
                int i = random.nextInt(slots.size());
                Slot s = slots.get(i);
                if (s == null || policy.volatileOnly() && s.expireAt == NO_EXPIRY) {
                    continue;
                }
                if (victim < 0 || score(s, policy) < score(slots.get(victim), policy)) {
                    victim = i;
                }
            }
            for (int i = 0; victim < 0 && i < slots.size(); i++) { // sparse candidates: look at every slot
                Slot s = slots.get(i);
                if (s != null && !(policy.volatileOnly() && s.expireAt == NO_EXPIRY)) {
                    victim = i;
                }
            }
            if (victim < 0) {
                throw new RedisException(RedisException.OOM);
            }
            remove(victim);
        }
    }

    private static long score(Slot s, EvictionPolicy policy) {
        return switch (policy) {
            case ALLKEYS_LRU, VOLATILE_LRU -> s.lastUse;
            case ALLKEYS_LFU, VOLATILE_LFU -> s.uses;
            case VOLATILE_TTL -> s.expireAt;
            default -> 0;
        };
    }

    @Override
    public synchronized long idleMillis(byte[] key) {
        check();
        Slot s = live(key);
        return s == null ? -1 : Usage.LRU.contains(limits.policy()) ? config.clock().millis() - s.lastUse : 0;
    }

    /** Not Redis's logarithmic counter: 5 for a new key, growing with the log of its uses, as the contract asks. */
    @Override
    public synchronized int frequency(byte[] key) {
        check();
        Slot s = live(key);
        return s == null ? -1 : Usage.LFU.contains(limits.policy()) ? (int) Math.min(255, 5 + Math.log1p(s.uses)) : 0;
    }

    /** The policies' kinds, as the reference needs them. */
    private static final class Usage {
        static final java.util.Set<EvictionPolicy> LRU = java.util.EnumSet.of(EvictionPolicy.ALLKEYS_LRU, EvictionPolicy.VOLATILE_LRU);
        static final java.util.Set<EvictionPolicy> LFU = java.util.EnumSet.of(EvictionPolicy.ALLKEYS_LFU, EvictionPolicy.VOLATILE_LFU);
    }

    /** The reference tracks usage under every policy, so a change needs no restart of the words. */
    @Override
    public synchronized void setMemoryPolicy(long maxMemory, EvictionPolicy policy, int samples) {
        limits = new MemoryPolicy(maxMemory, policy, samples);
    }

    @Override
    public synchronized MemoryPolicy memoryPolicy() {
        return limits;
    }

    @Override
    public InstantSource clock() {
        return config.clock();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            clear();
            closed = true;
        }
    }
}
