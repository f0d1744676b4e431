package chkv.store.heap;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.store.support.MutationAccess;
import chkv.store.support.StoreSegment;
import chkv.store.support.Strings;
import chkv.store.support.Usage;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;

/** One lock-striped part of the keyspace: a {@link Table} behind a {@link StampedLock}, with reads, mutations, scan steps, expiry and eviction sampling. */
final class Segment extends Table implements StoreSegment {
    final StampedLock lock = new StampedLock();
    private boolean tracked; // changed under the write lock; an optimistic read may see either value
    private boolean lfu;
    private final Access access = new Access(); // reused: mutations run one at a time under the write lock
    private int expiryCursor;
    private boolean closed; // written and read under the lock
    private Thread mutating; // the thread running a mutation, so a call back into the store fails instead of deadlocking

    Segment(int minCapacity, EvictionPolicy policy) {
        super(minCapacity);
        this.tracked = Usage.tracked(policy);
        this.lfu = Usage.lfu(policy);
    }

    private static boolean expired(long expireAt, long now) {
        return expireAt != Store.NO_EXPIRY && expireAt <= now;
    }

    /**
     * Reads a live value. Safe to run without the lock (an optimistic read): it reads each array
     * once, stays in bounds of what it read, and the caller validates before trusting the result.
     * The clock is read only when the key has a TTL or usage is tracked: most reads need no time.
     */
    byte[] read(byte[] key, int hash, InstantSource clock) {
        int at = locate(key, hash);
        if (at == -1) {
            return null;
        }
        long expireAt = expiryOf(at);
        long now = expireAt != Store.NO_EXPIRY || tracked ? clock.millis() : 0;
        if (expired(expireAt, now)) {
            return null;
        }
        byte[] value = Entries.value(entryAt(at));
        if (tracked) {
            // a racy write is fine: the usage word is an approximation, as in Redis
            usageWord(at, Usage.touch(lfu, usageWord(at), now));
        }
        return value;
    }

    /** Runs a reader; the caller holds a read or write lock, and other readers may run at once. */
    @Override
    public <R> R readLocked(byte[] key, long hash, Store.Reader<R> reader, InstantSource clock) {
        int at = locate(key, (int) hash);
        if (at == -1) {
            return reader.apply(null);
        }
        long expireAt = expiryOf(at);
        long now = expireAt != Store.NO_EXPIRY || tracked ? clock.millis() : 0;
        if (expired(expireAt, now)) {
            return reader.apply(null); // reclaimed by the next write or by active expiry
        }
        if (tracked) {
            usageWord(at, Usage.touch(lfu, usageWord(at), now)); // racy, as in read()
        }
        View view = new View(entryAt(at), expireAt);
        try {
            return reader.apply(view);
        } finally {
            view.close();
        }
    }

    /** APPEND and SETRANGE in place; see {@link StoreSegment#writeLocked}. The caller holds the write lock. */
    @Override
    public long writeLocked(byte[] key, long hash, long offset, byte[] bytes, long now) {
        int h = (int) hash;
        int i = find(key, h);
        if (i >= 0 && expired(expiryAt(i), now)) {
            removeAt(i);
            i = -1;
        }
        if (i < 0) {
            long at = Math.max(0, offset);
            long length = at + bytes.length;
            Strings.checkLength(length);
            byte[] value = new byte[(int) length];
            System.arraycopy(bytes, 0, value, (int) at, bytes.length);
            insert(Entries.encode(key, value), h, Store.NO_EXPIRY, tracked ? Usage.initial(lfu, now) : 0);
            return length;
        }
        byte[] e = entries[i];
        int old = Entries.valueLength(e);
        long at = offset == Strings.AT_END ? old : offset;
        long length = Math.max(old, at + bytes.length);
        Strings.checkLength(length);
        if (length > Entries.valueCapacity(e)) {
            e = Entries.grow(e, (int) Strings.capacityFor(length));
            replace(i, e, expiryAt(i));
        }
        Entries.write(e, (int) at, bytes, (int) length);
        if (tracked) {
            usage[i] = Usage.touch(lfu, usage[i], now);
        }
        return length;
    }

    /** Runs a mutation; the caller holds the write lock. */
    <R> R update(byte[] key, int hash, Store.Mutation<R> mutation, long now) {
        int i = find(key, hash);
        if (i >= 0 && expired(expiryAt(i), now)) {
            removeAt(i);
            i = -1;
        }
        Access a = access;
        a.open(i < 0 ? null : entries[i], i < 0 ? 0 : expiryAt(i));
        R result;
        mutating = Thread.currentThread();
        try {
            result = mutation.apply(i < 0 ? null : a, a);
        } finally {
            mutating = null;
            a.end();
        }
        switch (a.op()) {
            case MutationAccess.PUT -> put(i, key, hash, a.newValue(), a.newExpireAt(), now);
            case MutationAccess.EXPIRE -> {
                if (i >= 0) {
                    setExpiry(i, a.newExpireAt());
                }
            }
            case MutationAccess.DELETE -> {
                if (i >= 0) {
                    removeAt(i);
                    shrinkIfSparse();
                }
            }
            default -> {
                if (i >= 0 && tracked) {
                    usage[i] = Usage.touch(lfu, usage[i], now);
                }
            }
        }
        a.applied();
        return result;
    }

    private void put(int i, byte[] key, int hash, byte[] value, long expireAt, long now) {
        if (i < 0) {
            insert(Entries.encode(key, value), hash, expireAt, tracked ? Usage.initial(lfu, now) : 0);
            return;
        }
        byte[] e = entries[i];
        if (Entries.valueLength(e) == value.length) {
            Entries.overwriteValue(e, value); // same size: no garbage; optimistic readers revalidate
            setExpiry(i, expireAt);
        } else {
            replace(i, Entries.encode(key, value), expireAt);
        }
        if (tracked) {
            usage[i] = Usage.touch(lfu, usage[i], now);
        }
    }

    /**
     * Visits home buckets in reverse-binary order from cursor {@code v}, adding the live keys
     * whose home each bucket is; the caller holds a read lock. While the table grows, as Redis
     * while it rehashes: the cursor runs over the old arrays' buckets, and each is followed by
     * the two buckets of the grown arrays whose keys it held.
     *
     * @return the next cursor, 0 when this segment is done; {@code budget[0]} is decremented per bucket
     */
    @Override
    public long scan(long v, List<byte[]> out, int wanted, int[] budget, long now) {
        if (size == 0) {
            budget[0]--; // nothing to find: one step, not one per empty bucket, so empty segments cost little
            return 0;
        }
        do {
            int m = mask;
            if (growing()) {
                int small = oldMask;
                int home = (int) (v & small);
                scanBucket(oldEntries, oldHashes, oldExpires, small, home, out, now);
                for (int b = home; b <= m; b += small + 1) {
                    scanBucket(entries, hashes, expires, m, b, out, now);
                }
                v = nextCursor(v, small);
            } else {
                scanBucket(entries, hashes, expires, m, (int) (v & m), out, now);
                v = nextCursor(v, m);
            }
            budget[0]--;
        } while (v != 0 && out.size() < wanted && budget[0] > 0);
        return v;
    }

    private static void scanBucket(byte[][] es, int[] hs, long[] xs, int m, int home, List<byte[]> out, long now) {
        for (int i = home; es[i] != null; i = (i + 1) & m) {
            if (es[i] != MOVED && (hs[i] & m) == home && !expired(xs[i], now)) {
                out.add(Entries.key(es[i]));
            }
        }
    }

    /**
     * One sample of active expiry from this segment's sweep cursor; the caller holds the write lock.
     *
     * @return the keys with an expiry examined (high 32 bits) and those reclaimed (low 32 bits)
     */
    @Override
    public long expireSample(int samples, int slots, long now, LongConsumer liveTtls) {
        moveSlots(MOVE_SLOTS); // keys in the old arrays wait for a later sample
        if (volatileCount == 0) {
            return 0;
        }
        int examined = 0;
        int reclaimed = 0;
        int i = expiryCursor & mask;
        for (int steps = 0; steps < slots && steps <= mask && examined < samples; steps++) {
            long at = expires[i];
            if (entries[i] != null && at != Store.NO_EXPIRY) {
                examined++;
                if (at <= now) {
                    removeAt(i);
                    reclaimed++;
                    continue; // a later entry may have shifted into slot i
                }
                liveTtls.accept(at - now);
            }
            i = (i + 1) & mask;
        }
        expiryCursor = i;
        shrinkIfSparse();
        return (long) examined << 32 | reclaimed;
    }

    @Override
    public byte[] getLocked(byte[] key, long hash, InstantSource clock) {
        return read(key, (int) hash, clock);
    }

    @Override
    public <R> R updateLocked(byte[] key, long hash, Store.Mutation<R> mutation, long now) {
        return update(key, (int) hash, mutation, now);
    }

    @Override
    public StampedLock lock() {
        return lock;
    }

    @Override
    public boolean closed() {
        return closed;
    }

    @Override
    public Thread mutating() {
        return mutating;
    }

    @Override
    public void usagePolicy(EvictionPolicy policy, long now) {
        boolean restart = Usage.tracked(policy) && (!tracked || Usage.lfu(policy) != lfu);
        tracked = Usage.tracked(policy);
        lfu = Usage.lfu(policy);
        if (restart && usage != null) {
            java.util.Arrays.fill(usage, Usage.initial(lfu, now)); // empty slots too: an insert overwrites theirs
            if (growing()) {
                java.util.Arrays.fill(oldUsage, Usage.initial(lfu, now));
            }
        }
    }

    @Override
    public long usageOf(byte[] key, long hash, long now) {
        int at = locate(key, (int) hash);
        return at == -1 || expired(expiryOf(at), now) ? -1 : usageWord(at) & 0xFFFF_FFFFL;
    }

    /** @return where slot {@code slot} of {@link #slots()} is for {@link #entryAt}: the old arrays' slots follow the current ones */
    private int place(int slot) {
        int n = capacity();
        return slot < n ? slot : -2 - (slot - n);
    }

    @Override
    public int usageAt(int slot) {
        return usageWord(place(slot));
    }

    @Override
    public long expireAtAt(int slot) {
        return expiryOf(place(slot));
    }

    @Override
    public byte[] keyAt(int slot) {
        return Entries.key(entryAt(place(slot)));
    }

    /** Looks for a key that eviction may take in a bounded run of slots; the caller holds a lock. */
    @Override
    public int sample(boolean volatileOnly, int from, int slots) {
        if (volatileOnly ? volatileCount == 0 : size == 0) {
            return -1;
        }
        int total = slots();
        int i = Math.floorMod(from, total);
        for (int steps = 0; steps < slots && steps < total; steps++, i = i + 1 == total ? 0 : i + 1) {
            int at = place(i);
            byte[] e = entryAt(at);
            if (e != null && e != MOVED && (!volatileOnly || expiryOf(at) != Store.NO_EXPIRY)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the current arrays' slots, then, while the table grows, the old arrays' */
    @Override
    public int slots() {
        return capacity() + oldCapacity();
    }

    @Override
    public boolean growStep(int slots) {
        return moveSlots(slots);
    }

    @Override
    public void remove(byte[] key, long hash) {
        int i = find(key, (int) hash);
        if (i >= 0) {
            removeAt(i);
            shrinkIfSparse();
        }
    }

    /** Drops everything and refuses later use; the caller holds the write lock. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeTable();
        }
    }

    @Override
    public int keyCount() {
        return size;
    }

    @Override
    public int expiringKeyCount() {
        return volatileCount;
    }
}
