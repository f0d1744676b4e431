package chkv.store.offheap;

import chkv.api.spi.Store;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * One open-addressing index in native memory, with linear probing and backward-shift deletion.
 * A slot is 8 bytes: a 31-bit hash tag above a {@link Slab} handle, 0 when empty; the tag's low
 * bits are the home bucket, so probing compares tags before touching an entry, and growing needs
 * no entry at all; the fields of the entry a slot points to are read through it here. Not
 * thread-safe: {@link Segment} guards it. Invariant of linear probing
 * without tombstones: every slot between an entry's home bucket and its position is occupied;
 * the cursor scan relies on it.
 */
sealed class Table permits Segment {
    static final int MIN_CAPACITY = 8;
    static final int MAX_CAPACITY = 1 << 28;
    static final int SLOT_BYTES = 8;
    /** An emptied segment holding this much releases it; below, it keeps its chunks for reuse. */
    static final long RELEASE_BYTES = 2L * Slab.CHUNK_BYTES;
    /** Free-list bytes a segment may hold whatever its size, before it compacts; above, a quarter of its live bytes. */
    static final long COMPACT_BYTES = 2L * Slab.CHUNK_BYTES;
    private static final ValueLayout.OfLong SLOT = ValueLayout.JAVA_LONG;
    /**
     * Closes the arenas of replaced indexes. Closing a shared arena waits for a handshake with
     * every thread: done by the writer, under the segment lock, on an I/O thread, it was about
     * 0.4 ms of each resize (measured while loading), and a load resizes each of the 256
     * indexes a dozen times, all while that thread's other clients waited. A reader still
     * probing a replaced index reads its old slots, valid until the close, and its stamp no
     * longer validates.
     */
    private static final Executor RECLAIMER = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("chkv-offheap-reclaimer").unstarted(task));

    /** The entries' memory; replaced by {@link #compact()}, so a lock-free reader may see either and validates. */
    Slab slab = new Slab();
    private Arena indexArena;
    MemorySegment slots; // replaced on resize; optimistic readers derive the mask from its size
    int mask;
    int size;
    int volatileCount;
    private final int minCapacity;
    private final Executor reclaimer;

    Table(int minCapacity) {
        this(minCapacity, RECLAIMER);
    }

    /** @param reclaimer closes the arenas of replaced indexes, off the writer's thread */
    Table(int minCapacity, Executor reclaimer) {
        this.reclaimer = reclaimer;
        this.minCapacity = (int) Math.min(MAX_CAPACITY,
                Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(1, minCapacity - 1L)) << 1));
        allocate(this.minCapacity);
    }

    static int tagOf(long hash) {
        return (int) hash & 0x7FFF_FFFF;
    }

    static int tag(long slot) {
        return (int) (slot >>> Slab.HANDLE_BITS);
    }

    static long handle(long slot) {
        return slot & ((1L << Slab.HANDLE_BITS) - 1);
    }

    private void allocate(int capacity) {
        Arena old = indexArena;
        indexArena = Arena.ofShared();
        slots = indexArena.allocate((long) capacity * SLOT_BYTES, 8); // zeroed: every slot empty
        mask = capacity - 1;
        if (old != null) {
            reclaimer.execute(old::close); // a reader still probing the old index then gets IllegalStateException and retries
        }
    }

    final int capacity() {
        return mask + 1;
    }

    final long slotAt(int i) {
        return slots.getAtIndex(SLOT, i);
    }

    final void setExpiry(int i, long expireAt) {
        long h = handle(slotAt(i));
        setExpiry(slab.chunk(h), Slab.offset(h), expireAt);
    }

    /** Sets the expiry of the entry at {@code at} in chunk {@code c}, keeping {@link #volatileCount}. */
    final void setExpiry(MemorySegment c, long at, long expireAt) {
        long old = Layout.expireAt(c, at);
        if (old != expireAt) {
            volatileCount += (expireAt != 0 ? 1 : 0) - (old != 0 ? 1 : 0);
            Layout.expireAt(c, at, expireAt);
        }
    }

    public final long expireAtAt(int i) {
        long h = handle(slotAt(i));
        return Layout.expireAt(slab.chunk(h), Slab.offset(h));
    }

    public final int usageAt(int i) {
        long h = handle(slotAt(i));
        return Layout.usage(slab.chunk(h), Slab.offset(h));
    }

    public final byte[] keyAt(int i) {
        long h = handle(slotAt(i));
        return Layout.key(slab.chunk(h), Slab.offset(h));
    }

    /** @return the slot of a key eviction may take among {@code slots} slots from {@code from}, or -1; under a lock */
    public final int sample(boolean volatileOnly, int from, int slots) {
        if (volatileOnly ? volatileCount == 0 : size == 0) {
            return -1;
        }
        int i = from & mask;
        for (int steps = 0; steps < slots && steps <= mask; steps++, i = (i + 1) & mask) {
            if (slotAt(i) != 0 && (!volatileOnly || expireAtAt(i) != Store.NO_EXPIRY)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the number of slots; may be read without a lock */
    public final int slots() {
        return capacity();
    }

    /** @return bytes of the entries' blocks and the index */
    public final long bytes() {
        return slab.liveBytes() + (long) capacity() * SLOT_BYTES;
    }

    /** {@link #probe}'s answer to a caller without the lock that met a large block: look again under the lock. */
    static final int NEEDS_LOCK = -2;

    /**
     * @param unlocked whether the caller holds no lock: it then reads small chunks only, and
     *     answers {@link #NEEDS_LOCK} on meeting a candidate in a large block
     * @return the slot of {@code key} in {@code index}, or -1; reads only in bounds, so it may run unlocked
     */
    final int probe(MemorySegment index, byte[] key, int tag, boolean unlocked) {
        int m = (int) (index.byteSize() / SLOT_BYTES) - 1;
        int i = tag & m;
        for (int n = 0; n <= m; n++) {
            long slot = index.getAtIndex(SLOT, i);
            if (slot == 0) {
                return -1;
            }
            if (tag(slot) == tag) {
                long h = handle(slot);
                MemorySegment c = unlocked ? slab.smallChunk(h) : slab.chunk(h);
                if (c == null) {
                    return NEEDS_LOCK;
                }
                if (Layout.keyEquals(c, Slab.offset(h), key)) {
                    return i;
                }
            }
            i = (i + 1) & m;
        }
        return -1;
    }

    final int find(byte[] key, int tag) {
        return probe(slots, key, tag, false);
    }

    /** Adds a slot for a key that is absent; grows first when the table would be over 3/4 full. */
    final void insert(int tag, long handle, long expireAt) {
        if (size + 1 > capacity() - (capacity() >>> 2)) {
            if (capacity() < MAX_CAPACITY) {
                resize(capacity() << 1);
            } else if (size + 1 >= capacity()) {
                throw new IllegalStateException("offheap segment: " + size + " keys (expected: fewer)");
            }
        }
        int i = tag & mask;
        while (slotAt(i) != 0) {
            i = (i + 1) & mask;
        }
        slots.setAtIndex(SLOT, i, (long) tag << Slab.HANDLE_BITS | handle);
        size++;
        if (expireAt != 0) {
            volatileCount++;
        }
    }

    /** Points slot {@code i} (same key) at another block. */
    final void replace(int i, long handle) {
        slots.setAtIndex(SLOT, i, slotAt(i) & ~((1L << Slab.HANDLE_BITS) - 1) | handle);
    }

    /**
     * Frees the entry at {@code i} and closes the gap by shifting later slots of the probe run
     * back, so no tombstone is left. Never resizes, so callers may keep walking slots.
     */
    final void removeAt(int i) {
        long h = handle(slotAt(i));
        MemorySegment c = slab.chunk(h);
        long at = Slab.offset(h);
        if (Layout.expireAt(c, at) != 0) {
            volatileCount--;
        }
        slab.free(h, Layout.need(c, at));
        size--;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long slot = slotAt(j);
            if (slot == 0) {
                break;
            }
            int home = tag(slot) & mask;
            // the slot at j may fill the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                slots.setAtIndex(SLOT, hole, slot);
                hole = j;
            }
        }
        slots.setAtIndex(SLOT, hole, 0L);
    }

    /** Halves the table while it is under 1/8 full, after removals; an emptied segment returns its chunks. */
    final void shrinkIfSparse() {
        if (size == 0 && slab.reservedBytes() >= RELEASE_BYTES) {
            slab.release(); // free lists cannot serve other sizes: give an emptied segment's memory back
        }
        int target = capacity();
        while (target > minCapacity && size < target >>> 3) {
            target >>>= 1;
        }
        if (target != capacity()) {
            resize(target);
        }
        compactIfFragmented();
    }

    /**
     * Compacts when the free lists hold more than a quarter of the live bytes (and more than
     * {@link #COMPACT_BYTES}): a freed block is reused only by its size class, so deletes and
     * values that change size would otherwise keep memory that {@code maxmemory} does not see,
     * until the segment empties. Compacting costs a copy of the segment's small entries, once
     * per a quarter of them freed.
     */
    final void compactIfFragmented() {
        if (slab.freeListBytes() > Math.max(COMPACT_BYTES, slab.liveBytes() / 4)) {
            compact();
        }
    }

    /**
     * Copies every small entry into a fresh slab, hands the large blocks over as they are, and
     * closes the old slab, which returns its chunks, free blocks and all, to the system. Slots
     * keep their places, so a caller walking them may go on.
     */
    final void compact() {
        Slab fresh = new Slab();
        long[] moved = new long[capacity()];
        try {
            for (int i = 0; i < moved.length; i++) {
                long slot = slotAt(i);
                if (slot != 0 && !slab.isLarge(handle(slot))) {
                    long h = handle(slot);
                    MemorySegment c = slab.chunk(h);
                    long to = fresh.allocate(Layout.need(c, Slab.offset(h)));
                    Layout.copy(c, Slab.offset(h), fresh.chunk(to), Slab.offset(to));
                    moved[i] = to;
                }
            }
        } catch (RuntimeException | Error e) {
            fresh.close(); // nothing changed yet: the old slab stays
            throw e;
        }
        for (int i = 0; i < moved.length; i++) {
            long slot = slotAt(i);
            if (slot != 0) {
                long to = moved[i] != 0 ? moved[i] : fresh.adopt(slab.disown(handle(slot)));
                slots.setAtIndex(SLOT, i, slot & ~((1L << Slab.HANDLE_BITS) - 1) | to);
            }
        }
        Slab old = slab;
        slab = fresh;
        old.close(); // closes the small chunks' arena: a lock-free reader still in one throws and retries
    }

    final void resize(int capacity) {
        MemorySegment old = slots;
        int oldCapacity = capacity();
        Arena oldArena = indexArena;
        indexArena = null; // kept open until the new index is filled
        allocate(capacity);
        for (int k = 0; k < oldCapacity; k++) {
            long slot = old.getAtIndex(SLOT, k);
            if (slot != 0) {
                int i = tag(slot) & mask;
                while (slotAt(i) != 0) {
                    i = (i + 1) & mask;
                }
                slots.setAtIndex(SLOT, i, slot);
            }
        }
        reclaimer.execute(oldArena::close);
    }

    /** Frees every entry and shrinks the index to its initial size. */
    public final void reset() {
        slab.release();
        allocate(minCapacity);
        size = 0;
        volatileCount = 0;
    }

    /** Frees everything; any later access throws {@link IllegalStateException}. */
    final void closeTable() {
        slab.close(); // at once, so a closed store's memory is gone when close returns
        indexArena.close();
        size = 0;
        volatileCount = 0;
    }

    /** @return the cursor after {@code v} in reverse-binary order over a table of this mask; 0 when done */
    static long nextCursor(long v, int mask) {
        v |= ~(long) mask;
        return Long.reverse(Long.reverse(v) + 1);
    }
}
