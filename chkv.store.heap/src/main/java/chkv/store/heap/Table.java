package chkv.store.heap;

/**
 * One open-addressing hash table with linear probing and backward-shift deletion, in parallel
 * primitive arrays (no object per entry but the entry's own {@code byte[]}). Not thread-safe:
 * {@link Segment} guards it. Invariant of linear probing without tombstones: every slot between
 * an entry's home bucket and its position is occupied; the cursor scan relies on it. Every empty
 * slot, and every slot while {@code volatileCount} is 0, has expiry 0.
 *
 * <p>It grows as Redis's dict does, a step at a time: past 3/4 full, new arrays of twice the
 * capacity take every new entry, and each later write moves the entries of {@link #MOVE_SLOTS}
 * more slots of the old arrays into them, so no single write rehashes the table under the
 * segment's write lock: that work grows with the table, a step's does not (the write that
 * begins a growth still allocates the new arrays, about 0.25 ms at 32K slots). Until the old
 * arrays are empty, lookups try both; a moved entry leaves {@link #MOVED} behind, which keeps
 * the old arrays' probe runs whole. Writes go to the new arrays only: a write to a key still in
 * the old ones moves it first. {@link chkv.store.support.ExpiryCycle} moves idle tables along.
 */
sealed class Table permits Segment {
    static final int MIN_CAPACITY = 8;
    /** Per slot: a compressed reference, the hash, the expiry and the usage word. */
    static final int SLOT_BYTES = 4 + 4 + 8 + 4;

    /** Old slots whose entries each write moves into the grown arrays: twice the minimum that finishes in time. */
    static final int MOVE_SLOTS = 16;
    /** What a moved entry leaves in the old arrays: skipped by lookups, never matched. */
    static final byte[] MOVED = new byte[0];

    byte[][] entries;
    int[] hashes;
    long[] expires;
    int[] usage;
    int mask;
    /** The arrays still being moved from while the table grows, else null; {@code oldMask} is theirs. */
    byte[][] oldEntries;
    int[] oldHashes;
    long[] oldExpires;
    int[] oldUsage;
    int oldMask;
    /** Old slots below this are moved. */
    int moved;
    int size;
    int volatileCount;
    long entryBytes;
    private final int minCapacity;

    Table(int minCapacity) {
        this.minCapacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, minCapacity - 1)) << 1);
        allocate(this.minCapacity);
    }

    private void allocate(int capacity) {
        entries = new byte[capacity][];
        hashes = new int[capacity];
        expires = new long[capacity];
        usage = new int[capacity];
        mask = capacity - 1;
    }

    final int capacity() {
        return mask + 1;
    }

    /** @return whether the table grows, its entries partly in the old arrays; may be read without a lock */
    public final boolean growing() {
        return oldEntries != null;
    }

    /** @return the slots of the old arrays while the table grows, else 0 */
    final int oldCapacity() {
        byte[][] old = oldEntries;
        return old == null ? 0 : old.length;
    }

    /** @return bytes of the arrays and the entries, as an honest estimate of the heap used */
    public final long bytes() {
        return entryBytes + Entries.arrayBytes(0) * 4 * (growing() ? 2 : 1)
                + ((long) capacity() + oldCapacity()) * SLOT_BYTES;
    }

    /** @return the slot of {@code key} in {@code es}, or -1; reads each array once, so it may run unlocked */
    private static int probe(byte[][] es, int[] hs, byte[] key, int hash) {
        int m = es.length - 1;
        int i = hash & m;
        for (int n = 0; n <= m; n++) {
            byte[] e = es[i];
            if (e == null) {
                return -1;
            }
            if (hs[i] == hash && e != MOVED && Entries.keyEquals(e, key)) {
                return i;
            }
            i = (i + 1) & m;
        }
        return -1;
    }

    /**
     * Finds a key without changing anything, so under a read lock or none.
     *
     * @return its slot, {@code -2 - j} for slot {@code j} of the old arrays, or -1
     */
    final int locate(byte[] key, int hash) {
        int i = probe(entries, hashes, key, hash);
        byte[][] old = oldEntries;
        if (i >= 0 || old == null) {
            return i;
        }
        int j = probe(old, oldHashes, key, hash);
        return j < 0 ? -1 : -2 - j;
    }

    /** @return the entry at {@code at}, a place {@link #locate} gave */
    final byte[] entryAt(int at) {
        return at >= 0 ? entries[at] : oldEntries[-2 - at];
    }

    /** @return the expiry of the entry at {@code at}, a place {@link #locate} gave */
    final long expiryOf(int at) {
        return volatileCount == 0 ? 0 : at >= 0 ? expires[at] : oldExpires[-2 - at];
    }

    final int usageWord(int at) {
        return at >= 0 ? usage[at] : oldUsage[-2 - at];
    }

    final void usageWord(int at, int word) {
        if (at >= 0) {
            usage[at] = word;
        } else {
            oldUsage[-2 - at] = word;
        }
    }

    /**
     * Finds a key for a write: moves one step of a growth first, then the key itself if it is
     * still in the old arrays, so the slot returned is in the current ones.
     *
     * @return the slot of {@code key}, or -1
     */
    final int find(byte[] key, int hash) {
        if (oldEntries == null) {
            return probe(entries, hashes, key, hash);
        }
        moveSlots(MOVE_SLOTS);
        int i = probe(entries, hashes, key, hash);
        if (i >= 0 || oldEntries == null) {
            return i;
        }
        int j = probe(oldEntries, oldHashes, key, hash);
        return j < 0 ? -1 : moveOne(j);
    }

    /**
     * Moves the entries of the next {@code slots} old slots; drops the old arrays after the last.
     *
     * @return whether the table still grows
     */
    final boolean moveSlots(int slots) {
        byte[][] old = oldEntries;
        if (old == null) {
            return false;
        }
        int end = (int) Math.min(old.length, (long) moved + slots);
        for (int j = moved; j < end; j++) {
            if (old[j] != null && old[j] != MOVED) {
                moveOne(j);
            }
        }
        moved = end;
        if (moved == old.length) {
            dropOld();
            return false;
        }
        return true;
    }

    /** Moves every entry still in the old arrays: what an operation that walks slots needs first. */
    final void finishGrowing() {
        moveSlots(Integer.MAX_VALUE);
    }

    /** @return the slot in the current arrays that the entry of old slot {@code j} moved to */
    private int moveOne(int j) {
        int hash = oldHashes[j];
        int i = hash & mask;
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        expires[i] = oldExpires[j];
        usage[i] = oldUsage[j];
        entries[i] = oldEntries[j];
        oldEntries[j] = MOVED;
        return i;
    }

    /**
     * Adds an entry whose key is absent, to the current arrays; when they would be over 3/4 full,
     * they become the old arrays of a growth first.
     */
    final int insert(byte[] entry, int hash, long expireAt, int usageWord) {
        moveSlots(MOVE_SLOTS);
        if (size + 1 > capacity() - (capacity() >>> 2)) {
            finishGrowing(); // never in practice: each write moves more old slots than the room it takes
            byte[][] oldE = entries;
            int[] oldH = hashes;
            long[] oldX = expires;
            int[] oldU = usage;
            int oldM = mask;
            allocate(capacity() << 1);
            oldHashes = oldH;
            oldExpires = oldX;
            oldUsage = oldU;
            oldMask = oldM;
            moved = 0;
            oldEntries = oldE; // an unlocked reader that sees a mix of old and new fields fails validation
        }
        int i = hash & mask;
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        hashes[i] = hash;
        if (expireAt != 0) {
            expires[i] = expireAt; // an empty slot holds 0: removeAt clears it
        }
        usage[i] = usageWord;
        entries[i] = entry;
        size++;
        entryBytes += Entries.arrayBytes(entry.length);
        if (expireAt != 0) {
            volatileCount++;
        }
        return i;
    }

    /** Replaces the entry at {@code i} (same key). */
    final void replace(int i, byte[] entry, long expireAt) {
        entryBytes += Entries.arrayBytes(entry.length) - Entries.arrayBytes(entries[i].length);
        entries[i] = entry;
        setExpiry(i, expireAt);
    }

    /**
     * @return the expiry of the entry at {@code i}; without volatile keys every slot holds 0, so
     *     the expiry array is not read (one cache miss less per lookup)
     */
    final long expiryAt(int i) {
        return volatileCount == 0 ? 0 : expires[i];
    }

    final void setExpiry(int i, long expireAt) {
        if (expireAt == 0 && volatileCount == 0) {
            return; // every slot already holds 0
        }
        volatileCount += (expireAt != 0 ? 1 : 0) - (expires[i] != 0 ? 1 : 0);
        expires[i] = expireAt;
    }

    /**
     * Removes the entry at {@code i} and closes the gap by shifting later entries of the probe
     * run back, so no tombstone is left. Never resizes, so callers may keep walking slots.
     */
    final void removeAt(int i) {
        entryBytes -= Entries.arrayBytes(entries[i].length);
        if (expires[i] != 0) {
            volatileCount--;
        }
        size--;
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            byte[] e = entries[j];
            if (e == null) {
                break;
            }
            int home = hashes[j] & mask;
            // the entry at j may fill the hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                entries[hole] = e;
                hashes[hole] = hashes[j];
                expires[hole] = expires[j];
                usage[hole] = usage[j];
                hole = j;
            }
        }
        entries[hole] = null;
        expires[hole] = 0;
    }

    /** Halves the table while it is under 1/8 full, after removals; not while it grows. */
    final void shrinkIfSparse() {
        if (growing()) {
            return; // the next removal after the growth shrinks it
        }
        int target = capacity();
        while (target > minCapacity && size < target >>> 3) {
            target >>>= 1;
        }
        if (target != capacity()) {
            resize(target);
        }
    }

    final void resize(int capacity) {
        byte[][] oldEntries = entries;
        int[] oldHashes = hashes;
        long[] oldExpires = expires;
        int[] oldUsage = usage;
        allocate(capacity);
        for (int k = 0; k < oldEntries.length; k++) {
            byte[] e = oldEntries[k];
            if (e != null) {
                int i = oldHashes[k] & mask;
                while (entries[i] != null) {
                    i = (i + 1) & mask;
                }
                entries[i] = e;
                hashes[i] = oldHashes[k];
                expires[i] = oldExpires[k];
                usage[i] = oldUsage[k];
            }
        }
    }

    private void dropOld() {
        oldEntries = null;
        oldHashes = null;
        oldExpires = null;
        oldUsage = null;
        moved = 0;
    }

    /** Drops every entry and shrinks to the initial capacity. */
    public final void reset() {
        dropOld();
        allocate(minCapacity);
        size = 0;
        volatileCount = 0;
        entryBytes = 0;
    }

    /** Drops every entry and the arrays themselves: a read that races with it fails, and its segment refuses later use. */
    final void closeTable() {
        dropOld();
        entries = null;
        hashes = null;
        expires = null;
        usage = null;
        size = 0;
        volatileCount = 0;
        entryBytes = 0;
    }

    /** @return the cursor after {@code v} in reverse-binary order over a table of this mask; 0 when done */
    static long nextCursor(long v, int mask) {
        v |= ~(long) mask;
        return Long.reverse(Long.reverse(v) + 1);
    }
}
