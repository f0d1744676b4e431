package chkv.store.offheap;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.InstantSource;
import java.util.List;
import chkv.store.support.MutationAccess;
import chkv.store.support.StoreSegment;
import chkv.store.support.Strings;
import chkv.store.support.Usage;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;

/** One lock-striped part of the keyspace: a {@link Table} behind a {@link StampedLock}, with reads, mutations, scan steps, expiry and eviction sampling. */
final class Segment extends Table implements StoreSegment {
    /** Returned by an optimistic {@link #read} whose stamp no longer validates, or that met a large block. */
    static final byte[] RETRY = new byte[0];

    final StampedLock lock = new StampedLock();
    boolean tracked; // changed under the write lock; a lock-free get may see either value
    private boolean lfu;
    private final Access access = new Access(); // reused: mutations run one at a time under the write lock
    private Thread mutating; // the thread running a mutation, so a call back into the store fails instead of deadlocking
    private boolean closed;
    private int expiryCursor;

    Segment(int minCapacity, EvictionPolicy policy) {
        super(minCapacity);
        this.tracked = Usage.tracked(policy);
        this.lfu = Usage.lfu(policy);
    }

    private static boolean expired(long expireAt, long now) {
        return expireAt != Store.NO_EXPIRY && expireAt <= now;
    }

    @Override
    public byte[] getLocked(byte[] key, long hash, InstantSource clock) {
        return read(key, Table.tagOf(hash), clock, 0);
    }

    @Override
    public <R> R updateLocked(byte[] key, long hash, Store.Mutation<R> mutation, long now) {
        return update(key, Table.tagOf(hash), mutation, now);
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

    /**
     * Reads a live value. With a non-zero {@code stamp} it runs without the lock (an optimistic
     * read): every access is bounds-checked, it touches small chunks only (a large block may be
     * freed at any moment, so meeting one answers {@link #RETRY}, to be read under the lock), and it
     * validates the stamp before allocating the copy, so a racing writer costs a retry, never a
     * wild allocation; the caller validates again.
     *
     * @return the value, {@code null} when absent, or {@link #RETRY}
     */
    byte[] read(byte[] key, int tag, InstantSource clock, long stamp) {
        MemorySegment index = slots;
        boolean unlocked = stamp != 0;
        int i = probe(index, key, tag, unlocked);
        MemorySegment old = oldSlots;
        if (i == -1 && old != null) { // while the table grows, the key may not have moved yet
            index = old;
            i = probe(index, key, tag, unlocked);
        }
        if (i == NEEDS_LOCK) {
            return RETRY;
        }
        if (i < 0) {
            return null;
        }
        long h = handle(index.getAtIndex(ValueLayout.JAVA_LONG, i));
        MemorySegment c = unlocked ? slab.smallChunk(h) : slab.chunk(h);
        if (c == null) {
            return RETRY;
        }
        long at = Slab.offset(h);
        long expireAt = Layout.expireAt(c, at);
        // the clock only when the key has a TTL or usage is tracked: most reads need no time
        long now = expireAt != Store.NO_EXPIRY || tracked ? clock.millis() : 0;
        if (expired(expireAt, now)) {
            return null;
        }
        if (stamp != 0 && !lock.validate(stamp)) {
            return RETRY;
        }
        byte[] value = Layout.value(c, at);
        if (tracked && stamp == 0) {
            // under the read lock only: racing readers write the same word, harmlessly
            Layout.usage(c, at, Usage.touch(lfu, Layout.usage(c, at), now));
        }
        return value;
    }

    /** Runs a mutation; the caller holds the write lock. */
    <R> R update(byte[] key, int tag, Store.Mutation<R> mutation, long now) {
        int i = find(key, tag);
        long h = i < 0 ? 0 : handle(slotAt(i));
        if (i >= 0 && expired(Layout.expireAt(slab.chunk(h), Slab.offset(h)), now)) {
            removeAt(i);
            i = -1;
            h = 0;
        }
        Access a = access;
        a.open(slab, h);
        R result;
        mutating = Thread.currentThread();
        try {
            result = mutation.apply(i < 0 ? null : a, a);
        } finally {
            mutating = null;
            a.end();
        }
        switch (a.op()) {
            case MutationAccess.PUT -> put(i, h, key, tag, a.newValue(), a.newExpireAt(), now);
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
                    touch(i, now);
                }
            }
        }
        a.applied();
        compactIfFragmented(); // a value that changed size class left a free block behind
        return result;
    }

    private void put(int i, long h, byte[] key, int tag, byte[] value, long expireAt, long now) {
        long need = Layout.need(key.length, value.length);
        if (i < 0) {
            long created = slab.allocate(need);
            Layout.write(slab.chunk(created), Slab.offset(created), key, value, expireAt, tracked ? Usage.initial(lfu, now) : 0);
            try {
                insert(tag, created, expireAt);
            } catch (RuntimeException | Error e) {
                slab.free(created, need); // the index could not grow: leave no orphan block
                throw e;
            }
            return;
        }
        MemorySegment c = slab.chunk(h);
        long at = Slab.offset(h);
        long oldNeed = Layout.need(c, at);
        long room = slab.capacity(h, oldNeed);
        // in place when the block is of the size class the value needs, or a large block it fills over half
        if (room > Slab.MAX_SMALL ? need <= room && need > room / 2 : Slab.sameBlock(oldNeed, need)) {
            Layout.overwriteValue(c, at, value); // in place: optimistic readers revalidate
        } else {
            long moved = slab.allocate(need);
            Layout.write(slab.chunk(moved), Slab.offset(moved), key, value, Layout.expireAt(c, at), Layout.usage(c, at));
            replace(i, moved);
            slab.free(h, oldNeed);
            c = slab.chunk(moved);
            at = Slab.offset(moved);
        }
        setExpiry(c, at, expireAt);
        if (tracked) {
            Layout.usage(c, at, Usage.touch(lfu, Layout.usage(c, at), now));
        }
    }

    /** Runs a reader; the caller holds a read or write lock, and other readers may run at once. */
    @Override
    public <R> R readLocked(byte[] key, long hash, Store.Reader<R> reader, InstantSource clock) {
        long slot = lookup(key, Table.tagOf(hash));
        if (slot == 0) {
            return reader.apply(null);
        }
        long h = handle(slot);
        MemorySegment c = slab.chunk(h);
        long at = Slab.offset(h);
        long expireAt = Layout.expireAt(c, at);
        long now = expireAt != Store.NO_EXPIRY || tracked ? clock.millis() : 0;
        if (expired(expireAt, now)) {
            return reader.apply(null); // reclaimed by the next write or by active expiry
        }
        if (tracked) {
            Layout.usage(c, at, Usage.touch(lfu, Layout.usage(c, at), now)); // racing readers write the same word
        }
        View view = new View(c, at);
        try {
            return reader.apply(view);
        } finally {
            view.close();
        }
    }

    /** APPEND and SETRANGE in place; see {@link StoreSegment#writeLocked}. The caller holds the write lock. */
    @Override
    public long writeLocked(byte[] key, long hash, long offset, byte[] bytes, long now) {
        int tag = Table.tagOf(hash);
        int i = find(key, tag);
        long h = i < 0 ? 0 : handle(slotAt(i));
        if (i >= 0 && expired(Layout.expireAt(slab.chunk(h), Slab.offset(h)), now)) {
            removeAt(i);
            i = -1;
        }
        if (i < 0) {
            long at = Math.max(0, offset);
            long length = at + bytes.length;
            Strings.checkLength(length);
            long need = Layout.need(key.length, (int) length);
            long created = slab.allocate(need);
            MemorySegment c = slab.chunk(created);
            Layout.writeKey(c, Slab.offset(created), key, 0, Store.NO_EXPIRY, tracked ? Usage.initial(lfu, now) : 0);
            Layout.writeValue(c, Slab.offset(created), at, bytes, (int) length);
            try {
                insert(tag, created, Store.NO_EXPIRY);
            } catch (RuntimeException | Error e) {
                slab.free(created, need); // the index could not grow: leave no orphan block
                throw e;
            }
            return length;
        }
        MemorySegment c = slab.chunk(h);
        long at = Slab.offset(h);
        int keyLength = Layout.keyLength(c, at);
        int old = Layout.valueLength(c, at);
        long to = offset == Strings.AT_END ? old : offset;
        long length = Math.max(old, to + bytes.length);
        Strings.checkLength(length);
        long oldNeed = Layout.need(c, at);
        long need = Layout.need(keyLength, (int) length);
        if (need > slab.capacity(h, oldNeed)) {
            // grow with spare room, as sds does; a small block's class must follow from its entry,
            // so spare room is given only to blocks that come out large
            long roomy = Layout.need(keyLength, (int) Strings.capacityFor(length));
            long moved = slab.allocate(roomy > Slab.MAX_SMALL ? roomy : need);
            MemorySegment mc = slab.chunk(moved);
            Layout.copy(c, at, mc, Slab.offset(moved));
            replace(i, moved);
            slab.free(h, oldNeed);
            c = mc;
            at = Slab.offset(moved);
        }
        Layout.writeValue(c, at, to, bytes, (int) length);
        if (tracked) {
            Layout.usage(c, at, Usage.touch(lfu, Layout.usage(c, at), now));
        }
        compactIfFragmented();
        return length;
    }

    private void touch(int i, long now) {
        long h = handle(slotAt(i));
        MemorySegment c = slab.chunk(h);
        long at = Slab.offset(h);
        Layout.usage(c, at, Usage.touch(lfu, Layout.usage(c, at), now));
    }

    /**
     * Visits home buckets in reverse-binary order from cursor {@code v}, adding the live keys
     * whose home each bucket is; the caller holds a read lock. While the table grows, as Redis
     * while it rehashes: the cursor runs over the old index's buckets, and each is followed by
     * the two buckets of the grown index whose keys it held.
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
            MemorySegment old = oldSlots;
            if (old != null) {
                int small = oldMask;
                int home = (int) (v & small);
                scanBucket(old, small, home, out, now);
                for (int b = home; b <= m; b += small + 1) {
                    scanBucket(slots, m, b, out, now);
                }
                v = nextCursor(v, small);
            } else {
                scanBucket(slots, m, (int) (v & m), out, now);
                v = nextCursor(v, m);
            }
            budget[0]--;
        } while (v != 0 && out.size() < wanted && budget[0] > 0);
        return v;
    }

    private void scanBucket(MemorySegment index, int m, int home, List<byte[]> out, long now) {
        for (int i = home; ; i = (i + 1) & m) {
            long slot = index.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (slot == 0) {
                return;
            }
            if (slot != MOVED && (tag(slot) & m) == home && !expired(expireAtOf(slot), now)) {
                out.add(keyOf(slot));
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
        moveSlots(MOVE_SLOTS); // keys in the old index wait for a later sample
        if (volatileCount == 0) {
            return 0;
        }
        int examined = 0;
        int reclaimed = 0;
        int i = expiryCursor & mask;
        for (int steps = 0; steps < slots && steps <= mask && examined < samples; steps++) {
            if (slotAt(i) != 0) {
                long at = expireAtAt(i);
                if (at != Store.NO_EXPIRY) {
                    examined++;
                    if (at <= now) {
                        removeAt(i);
                        reclaimed++;
                        continue; // a later entry may have shifted into slot i
                    }
                    liveTtls.accept(at - now);
                }
            }
            i = (i + 1) & mask;
        }
        expiryCursor = i;
        shrinkIfSparse();
        return (long) examined << 32 | reclaimed;
    }

    @Override
    public void remove(byte[] key, long hash) {
        int i = find(key, Table.tagOf(hash));
        if (i >= 0) {
            removeAt(i);
            shrinkIfSparse();
        }
    }

    /** Frees everything and refuses later use; the caller holds the write lock. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeTable();
        }
    }

    @Override
    public void usagePolicy(EvictionPolicy policy, long now) {
        boolean restart = Usage.tracked(policy) && (!tracked || Usage.lfu(policy) != lfu);
        tracked = Usage.tracked(policy);
        lfu = Usage.lfu(policy);
        for (int i = 0; restart && !closed && i < slots(); i++) {
            long slot = slotValue(i);
            if (slot != 0 && slot != MOVED) {
                long h = handle(slot);
                Layout.usage(slab.chunk(h), Slab.offset(h), Usage.initial(lfu, now));
            }
        }
    }

    @Override
    public long usageOf(byte[] key, long hash, long now) {
        long slot = lookup(key, Table.tagOf(hash));
        if (slot == 0) {
            return -1;
        }
        long h = handle(slot);
        MemorySegment c = slab.chunk(h);
        return expired(Layout.expireAt(c, Slab.offset(h)), now) ? -1 : Layout.usage(c, Slab.offset(h)) & 0xFFFF_FFFFL;
    }

    @Override
    public boolean growStep(int slots) {
        return moveSlots(slots);
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
