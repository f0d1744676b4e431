package chkv.store.support.plugin;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Storage;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.store.support.Usage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The {@link Store} a {@link Storage} makes: Redis's semantics written once over the storage's
 * primitives. Expired entries read as absent and are deleted by the next write of their key or
 * by {@link #reclaimExpired active expiry}; the usage word is kept under LRU and LFU policies;
 * {@code MGET}, {@code MSET} and {@code FLUSHALL} hold the whole store, every other operation
 * shares it; a call back into the store from a mutation, or a use after {@link #close()},
 * throws {@link IllegalStateException}. A provider of a new store returns one:
 * {@code return new StorageStore(new MyStorage(), config);}.
 */
public final class StorageStore implements Store {
    private final Storage storage;
    private final InstantSource clock;
    private final StampedLock whole = new StampedLock(); // shared by single-key operations, held alone by multi-key ones
    private final ThreadLocal<Boolean> mutating = new ThreadLocal<>();
    private final AtomicLong expiring = new AtomicLong();
    private final AtomicLong expiryCursor = new AtomicLong(); // where active expiry goes on scanning
    private final Eviction eviction;
    private volatile boolean closed;

    /**
     * @param storage where the entries live; the store closes it
     * @param config the clock, the memory limit and the eviction policy
     */
    public StorageStore(Storage storage, StoreConfig config) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = config.clock();
        this.eviction = new Eviction(storage, config.memoryPolicy(), clock, this::evict);
    }

    /** @throws IllegalStateException when closed, or when called from inside a mutation */
    private void enter() {
        if (closed) {
            throw new IllegalStateException("store: closed (expected: open)");
        }
        if (mutating.get() != null) {
            throw new IllegalStateException("store: called from inside a mutation (expected: mutations never call back)");
        }
    }

    private <R> R shared(Supplier<R> operation) {
        enter();
        long stamp = whole.readLock();
        try {
            return operation.get();
        } finally {
            whole.unlockRead(stamp);
        }
    }

    private <R> R alone(Supplier<R> operation) {
        enter();
        long stamp = whole.writeLock();
        try {
            return operation.get();
        } finally {
            whole.unlockWrite(stamp);
        }
    }

    private boolean expired(Entry e, long now) {
        return e.expireAt() != NO_EXPIRY && e.expireAt() <= now;
    }

    @Override
    public byte[] get(byte[] key) {
        return read(key, current -> current == null ? null : current.value());
    }

    @Override
    public <R> R read(byte[] key, Reader<R> reader) {
        return shared(() -> readShared(key, reader));
    }

    /** A read; under the usage-tracking policies an update, since a read then changes the usage word. */
    private <R> R readShared(byte[] key, Reader<R> reader) {
        if (Usage.tracked(eviction.policy().policy())) {
            return updateShared(key, (current, edit) -> reader.apply(current));
        }
        Object result = storage.read(key, raw -> {
            if (raw != null && expired(raw, clock.millis())) {
                return EXPIRED;
            }
            Guard g = raw == null ? null : new Guard(raw, null);
            mutating.set(Boolean.TRUE);
            try {
                return reader.apply(g);
            } finally {
                mutating.remove();
                if (g != null) {
                    g.close();
                }
            }
        });
        if (result == EXPIRED) {
            // as Redis, a read that finds a key expired deletes it, so DBSIZE stops counting it
            return updateShared(key, (current, edit) -> reader.apply(current));
        }
        @SuppressWarnings("unchecked")
        R read = (R) result;
        return read;
    }

    /** What a read answers inside the storage when the key it found has expired. */
    private static final Object EXPIRED = new Object();

    @Override
    public <R> R update(byte[] key, Mutation<R> mutation) {
        return shared(() -> updateShared(key, mutation));
    }

    private <R> R updateShared(byte[] key, Mutation<R> mutation) {
        EvictionPolicy policy = eviction.policy().policy();
        return storage.update(key, (raw, edit) -> {
            long now = clock.millis(); // once the key is held: a key that expired while this writer waited is gone
            Entry live = raw;
            if (raw != null && expired(raw, now)) {
                edit.delete(); // lazy expiry
                expiring.decrementAndGet();
                live = null;
            }
            Guard g = new Guard(live, edit);
            R result;
            mutating.set(Boolean.TRUE);
            try {
                result = mutation.apply(live == null ? null : g, g);
            } finally {
                mutating.remove();
                g.close();
            }
            boolean before = live != null && live.expireAt() != NO_EXPIRY;
            boolean after = switch (g.op) {
                case Guard.PUT -> g.expireAt != NO_EXPIRY;
                case Guard.EXPIRE -> live != null && g.expireAt != NO_EXPIRY;
                case Guard.DELETE -> false;
                default -> before;
            };
            if (before != after) {
                expiring.addAndGet(after ? 1 : -1);
            }
            boolean exists = g.op == Guard.PUT || (live != null && g.op != Guard.DELETE);
            if (exists && Usage.tracked(policy)) {
                boolean lfu = Usage.lfu(policy);
                edit.usage(live == null ? Usage.initial(lfu, now) : Usage.touch(lfu, live.usage(), now));
            }
            return result;
        });
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return alone(() -> {
            List<byte[]> values = new ArrayList<>(keys.size());
            for (byte[] key : keys) {
                values.add(readShared(key, current -> current == null ? null : current.value()));
            }
            return values;
        });
    }

    @Override
    public boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        if (keys.size() != values.size()) {
            throw new IllegalArgumentException("values: " + values.size() + " (expected: " + keys.size() + ", one per key)");
        }
        enter();
        reserveMemory(); // before holding the store: eviction takes the store itself
        return alone(() -> {
            if (onlyIfNoneExist) {
                for (byte[] key : keys) {
                    if (readShared(key, current -> current != null)) {
                        return false;
                    }
                }
            }
            for (int i = 0; i < keys.size(); i++) {
                byte[] value = values.get(i);
                updateShared(keys.get(i), (current, edit) -> {
                    edit.put(value, NO_EXPIRY);
                    return null;
                });
            }
            return true;
        });
    }

    /** The storage's keys from the cursor on, those expired left out (Redis's SCAN skips them too). */
    @Override
    public long scan(long cursor, int count, KeySink sink) {
        enter();
        List<byte[]> keys = new ArrayList<>();
        long next = storage.scan(cursor, count, keys::add);
        long now = clock.millis();
        for (byte[] key : keys) {
            if (storage.read(key, raw -> raw != null && !expired(raw, now))) {
                sink.accept(key);
            }
        }
        return next;
    }

    @Override
    public long size() {
        enter();
        return storage.size();
    }

    @Override
    public long expiringKeys() {
        enter();
        return expiring.get();
    }

    @Override
    public long memoryUsed() {
        enter();
        return storage.memoryUsed();
    }

    @Override
    public void clear() {
        alone(() -> {
            storage.clear();
            expiring.set(0);
            return null;
        });
    }

    /**
     * Active expiry by a scan that goes on where the last call stopped: every key examined costs
     * a check, so a store with few keys with a TTL among many is swept in several calls.
     */
    @Override
    public int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        enter();
        int reclaimed = 0;
        int checks = 0;
        boolean wrapped = false;
        while (checks < maxChecks && !(wrapped && expiryCursor.get() == 0)) {
            List<byte[]> keys = new ArrayList<>();
            long next = storage.scan(expiryCursor.get(), Math.min(64, maxChecks - checks), keys::add);
            expiryCursor.set(next);
            wrapped |= next == 0;
            checks += Math.max(1, keys.size());
            for (byte[] key : keys) {
                reclaimed += shared(() -> storage.update(key, (raw, edit) -> {
                    if (raw == null || raw.expireAt() == NO_EXPIRY) {
                        return 0;
                    }
                    long left = raw.expireAt() - clock.millis();
                    if (left > 0) {
                        liveTtls.accept(left);
                        return 0;
                    }
                    edit.delete();
                    expiring.decrementAndGet();
                    return 1;
                }));
            }
        }
        return reclaimed;
    }

    @Override
    public void reserveMemory() {
        enter();
        eviction.reserve();
    }

    /** Deletes a key eviction picked; gone already is fine. */
    private void evict(byte[] key) {
        shared(() -> storage.update(key, (raw, edit) -> {
            if (raw != null) {
                if (raw.expireAt() != NO_EXPIRY) {
                    expiring.decrementAndGet();
                }
                edit.delete();
            }
            return null;
        }));
    }

    @Override
    public void setMemoryPolicy(long maxMemory, EvictionPolicy policy, int samples) {
        enter();
        MemoryPolicy next = new MemoryPolicy(maxMemory, policy, samples); // validates before anything changes
        EvictionPolicy before = eviction.policy().policy();
        eviction.set(next);
        if (Usage.tracked(policy) && (!Usage.tracked(before) || Usage.lfu(policy) != Usage.lfu(before))) {
            restartUsage(Usage.lfu(policy));
        }
    }

    /** Every key's usage word as if it were written now: a word kept for the other meaning, or never kept, ranks at random. */
    private void restartUsage(boolean lfu) {
        long cursor = 0;
        do {
            List<byte[]> keys = new ArrayList<>();
            cursor = storage.scan(cursor, 256, keys::add);
            for (byte[] key : keys) {
                shared(() -> storage.update(key, (raw, edit) -> {
                    if (raw != null) {
                        edit.usage(Usage.initial(lfu, clock.millis()));
                    }
                    return null;
                }));
            }
        } while (cursor != 0);
    }

    @Override
    public MemoryPolicy memoryPolicy() {
        return eviction.policy();
    }

    @Override
    public long idleMillis(byte[] key) {
        long word = usageOf(key);
        return word < 0 ? -1 : Usage.lru(eviction.policy().policy()) ? Usage.idleMillis((int) word, clock.millis()) : 0;
    }

    @Override
    public int frequency(byte[] key) {
        long word = usageOf(key);
        return word < 0 ? -1 : Usage.lfu(eviction.policy().policy()) ? Usage.frequency((int) word, clock.millis()) : 0;
    }

    /** @return the live key's usage word, read without touching it, or -1 */
    private long usageOf(byte[] key) {
        enter();
        long now = clock.millis();
        return storage.read(key, raw -> raw == null || expired(raw, now) ? -1L : raw.usage() & 0xFFFF_FFFFL);
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public void close() {
        long stamp = whole.writeLock();
        try {
            if (!closed) {
                closed = true;
                storage.close();
            }
        } finally {
            whole.unlockWrite(stamp);
        }
    }

    /** The entry of {@code RANDOMKEY} is Store's; {@code KEYS}, {@code SCAN} with a pattern and the string commands too. */
    @Override
    public byte[] randomKey() {
        enter();
        return Store.super.randomKey();
    }
}
