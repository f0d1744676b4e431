package chkv.store.offheap;

import chkv.api.spi.Store;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-addressing index in native memory, with linear probing and backward-shift deletion.
 * A slot is 8 bytes: a 31-bit hash tag above a {@link Slab} handle, 0 when empty; the tag's low
 * bits are the home bucket, so probing compares tags before touching an entry, and growing needs
 * no entry at all; the fields of the entry a slot points to are read through it here. Not
 * thread-safe: {@link Segment} guards it. Invariant of linear probing
 * without tombstones: every slot between an entry's home bucket and its position is occupied;
 * the cursor scan relies on it.
 *
 * <p>It grows a step at a time, as the heap store's table does: past 3/4 full, a new index of
 * twice the capacity takes every new slot, and each later write moves {@link #MOVE_SLOTS} more
 * slots of the old index into it, leaving {@link #MOVED} behind, so no single write rehashes
 * the index under the segment's write lock; lookups try both until the old index is empty, and
 * a write to a key still in the old one moves it first.
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
    /** Old slots each write moves into the grown index: twice the minimum that finishes in time. */
    static final int MOVE_SLOTS = 16;
    /** What a moved slot leaves in the old index: no entry's (no handle is 0), skipped by lookups. */
    static final long MOVED = 1L << Slab.HANDLE_BITS;
    /** The pause after each close of a replaced index's arena, so the handshakes do not come in bursts. */
    static final long RECLAIM_GAP_NANOS = 1_000_000;
    /**
     * Closes the arenas of replaced indexes. Closing a shared arena waits for a handshake with
     * every thread: done by the writer, under the segment lock, on an I/O thread, it was about
     * 0.4 ms of each resize (measured while loading), and a load resizes each of the 256
     * indexes a dozen times, all while that thread's other clients waited. A reader still
     * probing a replaced index reads its old slots, valid until the close, and its stamp no
     * longer validates. One close at a time, {@link #RECLAIM_GAP_NANOS} apart: the 256 indexes
     * grow at about the same moment, and their closes back to back held the I/O thread (while
     * 5,000,000 keys were loaded, a PING that overlapped closes, up to 37 of them, took 1.7 ms
     * on average, others 0.6 ms; paced, at most 4 and 1.1-1.3 ms; bench/load-latency.sh).
     */
    private static final Executor RECLAIMER = paced(Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("chkv-offheap-reclaimer").unstarted(task)), RECLAIM_GAP_NANOS);

    /** @return an executor that runs {@code tasks} on {@code executor}, pausing at least {@code gapNanos} after each */
    static Executor paced(Executor executor, long gapNanos) {
        return task -> executor.execute(() -> {
            try {
                task.run();
            } finally {
                long until = System.nanoTime() + gapNanos;
                for (long left = gapNanos; left > 0; left = until - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        });
    }

    /** The entries' memory; replaced by {@link #compact()}, so a lock-free reader may see either and validates. */
    Slab slab = new Slab();
    private Arena indexArena;
    MemorySegment slots; // replaced on resize; optimistic readers derive the mask from its size
    int mask;
    /** The index still being moved from while the table grows, else null; {@code oldMask} is its. */
    MemorySegment oldSlots;
    private Arena oldArena;
    int oldMask;
    /** Old slots below this are moved. */
    int moved;
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

    /** @return the expiry of the entry in slot {@code i} of {@link #slots()} */
    public final long expireAtAt(int i) {
        return expireAtOf(slotValue(i));
    }

    public final int usageAt(int i) {
        long h = handle(slotValue(i));
        return Layout.usage(slab.chunk(h), Slab.offset(h));
    }

    public final byte[] keyAt(int i) {
        return keyOf(slotValue(i));
    }

    /** @return the key of the entry {@code slot} (a slot's value) points to */
    final byte[] keyOf(long slot) {
        long h = handle(slot);
        return Layout.key(slab.chunk(h), Slab.offset(h));
    }

    /** @return the expiry of the entry {@code slot} (a slot's value) points to */
    final long expireAtOf(long slot) {
        long h = handle(slot);
        return Layout.expireAt(slab.chunk(h), Slab.offset(h));
    }

    /** @return the value of slot {@code i} of {@link #slots()}: the old index's slots follow the current ones */
    final long slotValue(int i) {
        int n = capacity();
        return i < n ? slotAt(i) : oldSlots.getAtIndex(SLOT, i - n);
    }

    /** @return the slot of a key eviction may take among {@code slots} slots from {@code from}, or -1; under a lock */
    public final int sample(boolean volatileOnly, int from, int slots) {
        if (volatileOnly ? volatileCount == 0 : size == 0) {
            return -1;
        }
        int total = slots();
        int i = Math.floorMod(from, total);
        for (int steps = 0; steps < slots && steps < total; steps++, i = i + 1 == total ? 0 : i + 1) {
            long slot = slotValue(i);
            if (slot != 0 && slot != MOVED && (!volatileOnly || expireAtOf(slot) != Store.NO_EXPIRY)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the current index's slots, then, while the table grows, the old index's; may be read without a lock */
    public final int slots() {
        return capacity() + oldCapacity();
    }

    /** @return whether the table grows, its slots partly in the old index; may be read without a lock */
    public final boolean growing() {
        return oldSlots != null;
    }

    /** @return the slots of the old index while the table grows, else 0 */
    final int oldCapacity() {
        MemorySegment old = oldSlots;
        return old == null ? 0 : (int) (old.byteSize() / SLOT_BYTES);
    }

    /** @return bytes of the entries' blocks and the index, the old one too while the table grows */
    public final long bytes() {
        return slab.liveBytes() + (long) slots() * SLOT_BYTES;
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
            if (tag(slot) == tag && slot != MOVED) {
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

    /**
     * Finds a key under a lock, changing nothing.
     *
     * @return the value of its slot, in the current index or the old one, or 0
     */
    final long lookup(byte[] key, int tag) {
        int i = probe(slots, key, tag, false);
        if (i >= 0) {
            return slotAt(i);
        }
        MemorySegment old = oldSlots;
        int j = old == null ? -1 : probe(old, key, tag, false);
        return j < 0 ? 0 : old.getAtIndex(SLOT, j);
    }

    /**
     * Finds a key for a write: moves one step of a growth first, then the key's slot itself if
     * it is still in the old index, so the slot returned is in the current one.
     *
     * @return the slot of {@code key}, or -1
     */
    final int find(byte[] key, int tag) {
        if (oldSlots == null) {
            return probe(slots, key, tag, false);
        }
        moveSlots(MOVE_SLOTS);
        int i = probe(slots, key, tag, false);
        if (i >= 0 || oldSlots == null) {
            return i;
        }
        int j = probe(oldSlots, key, tag, false);
        return j < 0 ? -1 : moveOne(j);
    }

    /**
     * Moves the next {@code count} slots of the old index; closes it after the last.
     *
     * @return whether the table still grows
     */
    final boolean moveSlots(int count) {
        MemorySegment old = oldSlots;
        if (old == null) {
            return false;
        }
        int n = oldCapacity();
        int end = (int) Math.min(n, (long) moved + count);
        for (int j = moved; j < end; j++) {
            long slot = old.getAtIndex(SLOT, j);
            if (slot != 0 && slot != MOVED) {
                moveOne(j);
            }
        }
        moved = end;
        if (moved == n) {
            dropOld();
            return false;
        }
        return true;
    }

    /** Moves every slot still in the old index: what an operation that walks slots or entries needs first. */
    final void finishGrowing() {
        moveSlots(Integer.MAX_VALUE);
    }

    /** @return the slot in the current index that old slot {@code j} moved to */
    private int moveOne(int j) {
        long slot = oldSlots.getAtIndex(SLOT, j);
        int i = tag(slot) & mask;
        while (slotAt(i) != 0) {
            i = (i + 1) & mask;
        }
        slots.setAtIndex(SLOT, i, slot);
        oldSlots.setAtIndex(SLOT, j, MOVED);
        return i;
    }

    /** Hands the old index to the reclaimer: a reader still probing it fails and retries. */
    private void dropOld() {
        if (oldArena != null) {
            reclaimer.execute(oldArena::close);
        }
        oldSlots = null;
        oldArena = null;
        moved = 0;
    }

    /**
     * Adds a slot for a key that is absent, to the current index; when it would be over 3/4 full,
     * it becomes the old index of a growth first.
     */
    final void insert(int tag, long handle, long expireAt) {
        moveSlots(MOVE_SLOTS);
        if (size + 1 > capacity() - (capacity() >>> 2)) {
            finishGrowing(); // never in practice: each write moves more old slots than the room it takes
            if (capacity() < MAX_CAPACITY) {
                MemorySegment old = slots;
                Arena arena = indexArena;
                int oldM = mask;
                indexArena = null; // kept open until every slot has moved
                allocate(capacity() << 1);
                oldArena = arena;
                oldMask = oldM;
                moved = 0;
                oldSlots = old;
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

    /** Halves the table while it is under 1/8 full, after removals (not while it grows); an emptied segment returns its chunks. */
    final void shrinkIfSparse() {
        if (growing() && size > 0) {
            compactIfFragmented();
            return; // the next removal after the growth shrinks it
        }
        finishGrowing(); // empty: the old index holds moved slots only
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
        finishGrowing(); // the slots that point into the slab are then in one index
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

    /** Rehashes into an index of {@code capacity} slots at once: shrinking only, never while the table grows. */
    final void resize(int capacity) {
        MemorySegment old = slots;
        int oldCapacity = capacity();
        Arena replaced = indexArena;
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
        reclaimer.execute(replaced::close);
    }

    /** Frees every entry and shrinks the index to its initial size. */
    public final void reset() {
        dropOld();
        slab.release();
        allocate(minCapacity);
        size = 0;
        volatileCount = 0;
    }

    /** Frees everything; any later access throws {@link IllegalStateException}. */
    final void closeTable() {
        slab.close(); // at once, so a closed store's memory is gone when close returns
        indexArena.close();
        if (oldArena != null) {
            oldArena.close();
            oldArena = null;
            oldSlots = null;
        }
        size = 0;
        volatileCount = 0;
    }

    /** @return the cursor after {@code v} in reverse-binary order over a table of this mask; 0 when done */
    static long nextCursor(long v, int mask) {
        v |= ~(long) mask;
        return Long.reverse(Long.reverse(v) + 1);
    }
}
