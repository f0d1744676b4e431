package chkv.store.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The allocator of one segment. Small blocks are carved by a bump pointer from 64 KiB chunks
 * into 140 size classes (every 8 bytes up to 1 KiB, then four per doubling up to 8 KiB), and a
 * freed block joins its class's free list, threaded through the freed blocks themselves. A
 * larger block gets a chunk and an {@link Arena} of its own, released when it is freed. Memory is
 * returned to the system only by {@link #release()} and {@link #close()}.
 *
 * <p>A handle is a chunk id (20 bits) above the block's offset in 8-byte units (13 bits); chunk
 * id 0 is never used, so no handle is 0. Every access is bounds-checked by the memory segments,
 * and a freed large block's arena is closed, so a stale handle throws instead of reading freed
 * memory. Not thread-safe: its {@link Segment}'s lock guards it.
 */
final class Slab {
    static final int CHUNK_BYTES = 1 << 16;
    static final int OFFSET_BITS = 13;
    static final int CHUNK_ID_BITS = 20;
    static final int HANDLE_BITS = OFFSET_BITS + CHUNK_ID_BITS;
    static final long MAX_SMALL = 8192;
    static final int CLASSES = 140;
    private static final int MAX_CHUNKS = 1 << CHUNK_ID_BITS;

    private Arena arena; // owns every small chunk; created on the first allocation
    private MemorySegment[] chunks = new MemorySegment[8]; // by id; read racily by optimistic readers
    private Arena[] own = new Arena[8]; // by id: the arena of a large block, null for a small chunk
    private int nextId = 1;
    private int[] freeIds = new int[8];
    private int freeIdCount;
    private final long[] freeHeads = new long[CLASSES];
    private int bumpChunk;
    private int bumpOffset;
    private long liveBytes;
    private long reservedBytes;
    private boolean closed;

    /** @return the size class of a block of {@code need} bytes (a multiple of 8, at most {@link #MAX_SMALL}) */
    static int sizeClass(long need) {
        if (need <= 1024) {
            return (int) ((need + 7) >>> 3) - 1;
        }
        int shift = 63 - Long.numberOfLeadingZeros(need - 1);
        return 128 + (shift - 10) * 4 + (int) ((need - 1 - (1L << shift)) >>> (shift - 2));
    }

    /** @return the bytes of a block of class {@code c} */
    static long classSize(int c) {
        if (c < 128) {
            return (c + 1) * 8L;
        }
        long base = 1024L << ((c - 128) >>> 2);
        return base + ((c - 128) % 4 + 1) * (base >>> 2);
    }

    /** @return the bytes a block for {@code need} bytes actually takes */
    static long blockSize(long need) {
        return need > MAX_SMALL ? need : classSize(sizeClass(need));
    }

    /** @return whether a block allocated for {@code a} bytes can hold {@code b} bytes in place */
    static boolean sameBlock(long a, long b) {
        return a > MAX_SMALL ? a == b : b <= MAX_SMALL && sizeClass(a) == sizeClass(b);
    }

    static long offset(long handle) {
        return (handle & ((1L << OFFSET_BITS) - 1)) << 3;
    }

    /** @return the chunk {@code handle} points into; throws on a handle that was never valid or was freed with its chunk */
    MemorySegment chunk(long handle) {
        MemorySegment[] cs = chunks;
        long id = handle >>> OFFSET_BITS;
        MemorySegment c = id > 0 && id < cs.length ? cs[(int) id] : null;
        if (c == null) {
            throw new IllegalArgumentException("offheap handle: " + handle + " (expected: a live block)");
        }
        return c;
    }

    /** @return a handle to a new block of at least {@code need} bytes (a multiple of 8) */
    long allocate(long need) {
        if (closed) {
            throw new IllegalStateException("offheap store: closed");
        }
        if (need <= 0 || (need & 7) != 0) {
            throw new IllegalArgumentException("block size: " + need + " (expected: a positive multiple of 8)");
        }
        if (need > MAX_SMALL) {
            return allocateLarge(need);
        }
        int c = sizeClass(need);
        long size = classSize(c);
        long handle = freeHeads[c];
        if (handle != 0) {
            freeHeads[c] = chunk(handle).get(ValueLayout.JAVA_LONG_UNALIGNED, offset(handle));
        } else {
            if (bumpChunk == 0 || bumpOffset + size > CHUNK_BYTES) {
                if (arena == null) {
                    arena = Arena.ofShared();
                }
                MemorySegment chunk = arena.allocate(CHUNK_BYTES, 8);
                reservedBytes += CHUNK_BYTES;
                bumpChunk = newId(chunk, null);
                bumpOffset = 0;
            }
            handle = (long) bumpChunk << OFFSET_BITS | bumpOffset >>> 3;
            bumpOffset += (int) size;
        }
        liveBytes += size;
        return handle;
    }

    private long allocateLarge(long need) {
        Arena owner = Arena.ofShared();
        try {
            long handle = (long) newId(owner.allocate(need, 8), owner) << OFFSET_BITS;
            liveBytes += need;
            reservedBytes += need;
            return handle;
        } catch (RuntimeException | Error e) {
            owner.close();
            throw e;
        }
    }

    private int newId(MemorySegment chunk, Arena owner) {
        int id;
        if (freeIdCount > 0) {
            id = freeIds[--freeIdCount];
        } else {
            if (nextId == MAX_CHUNKS) {
                throw new IllegalStateException("offheap segment: " + MAX_CHUNKS + " chunks (expected: fewer)");
            }
            id = nextId++;
            if (id == chunks.length) {
                chunks = Arrays.copyOf(chunks, id * 2); // readers holding the old array still find older chunks
                own = Arrays.copyOf(own, id * 2);
            }
        }
        own[id] = owner;
        chunks[id] = chunk;
        return id;
    }

    /** Frees the block of {@code handle}, which was allocated for {@code need} bytes. */
    void free(long handle, long need) {
        MemorySegment c = chunk(handle);
        int id = (int) (handle >>> OFFSET_BITS);
        boolean large = own[id] != null;
        if (large != need > MAX_SMALL || large && (offset(handle) != 0 || c.byteSize() != need)
                || offset(handle) + blockSize(need) > c.byteSize()) {
            throw new IllegalArgumentException("free: handle " + handle + " of " + need
                    + " bytes (expected: a block allocated for that size)");
        }
        if (large) {
            Arena owner = own[id];
            own[id] = null;
            chunks[id] = null;
            owner.close(); // a reader still holding the chunk now gets IllegalStateException
            if (freeIdCount == freeIds.length) {
                freeIds = Arrays.copyOf(freeIds, freeIdCount * 2);
            }
            freeIds[freeIdCount++] = id;
            liveBytes -= need;
            reservedBytes -= need;
            return;
        }
        int k = sizeClass(need);
        c.set(ValueLayout.JAVA_LONG_UNALIGNED, offset(handle), freeHeads[k]);
        freeHeads[k] = handle;
        liveBytes -= classSize(k);
    }

    /** @return bytes of the blocks in use */
    long liveBytes() {
        return liveBytes;
    }

    /** @return bytes of native memory held: small chunks, free or not, and large blocks */
    long reservedBytes() {
        return reservedBytes;
    }

    /** Returns every block and chunk to the system; the slab stays usable. */
    void release() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
        for (Arena owner : own) {
            if (owner != null) {
                owner.close();
            }
        }
        chunks = new MemorySegment[8];
        own = new Arena[8];
        nextId = 1;
        freeIdCount = 0;
        Arrays.fill(freeHeads, 0);
        bumpChunk = 0;
        bumpOffset = 0;
        liveBytes = 0;
        reservedBytes = 0;
    }

    /** Releases everything; allocating afterwards throws {@link IllegalStateException}. */
    void close() {
        release();
        closed = true;
    }
}
