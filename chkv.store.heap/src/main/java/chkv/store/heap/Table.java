package chkv.store.heap;

/**
 * One open-addressing hash table with linear probing and backward-shift deletion, in parallel
 * primitive arrays (no object per entry but the entry's own {@code byte[]}). Not thread-safe:
 * {@link Segment} guards it. Invariant of linear probing without tombstones: every slot between
 * an entry's home bucket and its position is occupied; the cursor scan relies on it. Every empty
 * slot, and every slot while {@code volatileCount} is 0, has expiry 0.
 */
sealed class Table permits Segment {
    static final int MIN_CAPACITY = 8;
    /** Per slot: a compressed reference, the hash, the expiry and the usage word. */
    static final int SLOT_BYTES = 4 + 4 + 8 + 4;

    byte[][] entries;
    int[] hashes;
    long[] expires;
    int[] usage;
    int mask;
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

    /** @return bytes of the arrays and the entries, as an honest estimate of the heap used */
    public final long bytes() {
        return entryBytes + Entries.arrayBytes(0) * 4 + (long) capacity() * SLOT_BYTES;
    }

    /** @return the slot of {@code key}, or -1 */
    final int find(byte[] key, int hash) {
        byte[][] es = entries;
        int[] hs = hashes;
        int m = es.length - 1;
        int i = hash & m;
        for (int n = 0; n <= m; n++) {
            byte[] e = es[i];
            if (e == null) {
                return -1;
            }
            if (hs[i] == hash && Entries.keyEquals(e, key)) {
                return i;
            }
            i = (i + 1) & m;
        }
        return -1;
    }

    /** Adds an entry whose key is absent; grows first when the table would be over 3/4 full. */
    final int insert(byte[] entry, int hash, long expireAt, int usageWord) {
        if (size + 1 > capacity() - (capacity() >>> 2)) {
            resize(capacity() << 1);
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

    /** Halves the table while it is under 1/8 full, after removals. */
    final void shrinkIfSparse() {
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

    /** Drops every entry and shrinks to the initial capacity. */
    public final void reset() {
        allocate(minCapacity);
        size = 0;
        volatileCount = 0;
        entryBytes = 0;
    }

    /** Drops every entry and the arrays themselves: a read that races with it fails, and its segment refuses later use. */
    final void closeTable() {
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
