package chkv.store.offheap;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The allocator of one segment. Small blocks are carved by a bump pointer from 16 KiB chunks
 * into 140 size classes (every 8 bytes up to 1 KiB, then four per doubling up to 8 KiB), and a
 * freed block joins its class's free list, threaded through the freed blocks themselves. A
 * larger block is {@code malloc}ed on its own and {@code free}d when it is freed: closing a
 * shared arena per block, as before, cost a handshake with every thread under the segment lock.
 * Small chunks are returned to the system by {@link #release()} and {@link #close()}; a segment
 * whose free lists grow large moves its entries to a fresh slab and closes this one.
 *
 * <p>A handle is a chunk id (20 bits) above the block's offset in 8-byte units (13 bits); chunk
 * id 0 is never used, so no handle is 0. A freed large block's memory is gone at once, so a
 * lock-free reader must never touch one: {@link #smallChunk} gives such a reader the small
 * chunks only, whose memory lives until their arena is closed (a stale read then throws), and
 * large blocks are read under the lock. Not thread-safe: its {@link Segment}'s lock guards it.
 */
@SuppressWarnings("restricted") // malloc and free: the module is granted native access where it runs
final class Slab {
    /** Small chunks of 16 KiB: each of the store's 256 segments fills one at a time, so this bounds the unused tails. */
    static final int CHUNK_BYTES = 1 << 14;
    static final int OFFSET_BITS = 13;
    static final int CHUNK_ID_BITS = 20;
    static final int HANDLE_BITS = OFFSET_BITS + CHUNK_ID_BITS;
    static final long MAX_SMALL = 8192;
    static final int CLASSES = 140;
    private static final int MAX_CHUNKS = 1 << CHUNK_ID_BITS;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private Arena arena; // owns every small chunk; created on the first allocation
    private MemorySegment[] chunks = new MemorySegment[8]; // small chunks by id; read racily by optimistic readers
    private MemorySegment[] large = new MemorySegment[8]; // malloc'ed large blocks by id; read under the lock only
    private int nextId = 1;
    private int[] freeIds = new int[8];
    private int freeIdCount;
    private final long[] freeHeads = new long[CLASSES];
    private int bumpChunk;
    private int bumpOffset;
    private long liveBytes;
    private long reservedBytes;
    private long freeListBytes;
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

    /**
     * @return the memory {@code handle} points into: a small chunk or a large block; under the lock
     * @throws IllegalArgumentException for a handle that was never valid or was freed with its memory
     */
    MemorySegment chunk(long handle) {
        long id = handle >>> OFFSET_BITS;
        MemorySegment c = id > 0 && id < chunks.length ? chunks[(int) id] : null;
        if (c == null && id > 0 && id < large.length) {
            c = large[(int) id];
        }
        if (c == null) {
            throw new IllegalArgumentException("offheap handle: " + handle + " (expected: a live block)");
        }
        return c;
    }

    /**
     * @return the small chunk {@code handle} points into, for a reader without the lock; or
     *     {@code null} when it points at none: a large block (to be read under the lock, since its
     *     memory may be freed at any moment) or a stale handle. No exception: a get of a large
     *     value takes this path every time.
     */
    MemorySegment smallChunk(long handle) {
        MemorySegment[] cs = chunks;
        long id = handle >>> OFFSET_BITS;
        return id > 0 && id < cs.length ? cs[(int) id] : null;
    }

    /** @return the bytes the block of {@code handle}, which holds an entry of {@code need} bytes, may hold in place */
    long capacity(long handle, long need) {
        long id = handle >>> OFFSET_BITS;
        MemorySegment big = id > 0 && id < large.length ? large[(int) id] : null;
        return big != null ? big.byteSize() : classSize(sizeClass(need));
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
            freeListBytes -= size;
        } else {
            if (bumpChunk == 0 || bumpOffset + size > CHUNK_BYTES) {
                if (arena == null) {
                    arena = Arena.ofShared();
                }
                MemorySegment chunk = arena.allocate(CHUNK_BYTES, 8);
                reservedBytes += CHUNK_BYTES;
                bumpChunk = newId(chunk, false);
                bumpOffset = 0;
            }
            handle = (long) bumpChunk << OFFSET_BITS | bumpOffset >>> 3;
            bumpOffset += (int) size;
        }
        liveBytes += size;
        return handle;
    }

    private long allocateLarge(long need) {
        MemorySegment block;
        try {
            block = (MemorySegment) MALLOC.invokeExact(need);
        } catch (Throwable e) {
            throw new IllegalStateException("malloc: " + e, e);
        }
        if (block.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("offheap: malloc of " + need + " bytes failed");
        }
        block = block.reinterpret(need);
        try {
            long handle = (long) newId(block, true) << OFFSET_BITS;
            liveBytes += need;
            reservedBytes += need;
            return handle;
        } catch (RuntimeException | Error e) {
            nativeFree(block);
            throw e;
        }
    }

    private static void nativeFree(MemorySegment block) {
        try {
            FREE.invokeExact(block);
        } catch (Throwable e) {
            throw new IllegalStateException("free: " + e, e);
        }
    }

    private int newId(MemorySegment memory, boolean isLarge) {
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
                large = Arrays.copyOf(large, id * 2);
            }
        }
        if (isLarge) {
            large[id] = memory;
        } else {
            chunks[id] = memory;
        }
        return id;
    }

    /**
     * Frees the block of {@code handle}, which holds an entry of {@code need} bytes: a small block
     * was allocated for the size class of {@code need}, a large one may hold more than it.
     */
    void free(long handle, long need) {
        MemorySegment c = chunk(handle);
        int id = (int) (handle >>> OFFSET_BITS);
        MemorySegment big = large[id];
        if (need <= 0 || big != null && (offset(handle) != 0 || need > big.byteSize())
                || big == null && (need > MAX_SMALL || offset(handle) + blockSize(need) > c.byteSize())) {
            throw new IllegalArgumentException("free: handle " + handle + " of " + need
                    + " bytes (expected: a block allocated for that size)");
        }
        if (big != null) {
            large[id] = null;
            nativeFree(big); // no handshake: no thread reads a large block without the lock
            if (freeIdCount == freeIds.length) {
                freeIds = Arrays.copyOf(freeIds, freeIdCount * 2);
            }
            freeIds[freeIdCount++] = id;
            liveBytes -= big.byteSize();
            reservedBytes -= big.byteSize();
            return;
        }
        int k = sizeClass(need);
        c.set(ValueLayout.JAVA_LONG_UNALIGNED, offset(handle), freeHeads[k]);
        freeHeads[k] = handle;
        liveBytes -= classSize(k);
        freeListBytes += classSize(k);
    }

    /** @return whether {@code handle} is a large block of its own, which {@link #disown} can hand over */
    boolean isLarge(long handle) {
        long id = handle >>> OFFSET_BITS;
        return id > 0 && id < large.length && large[(int) id] != null;
    }

    /** Forgets the large block of {@code handle} without freeing it, to be {@link #adopt}ed by another slab. */
    MemorySegment disown(long handle) {
        int id = (int) (handle >>> OFFSET_BITS);
        MemorySegment block = large[id];
        large[id] = null;
        if (freeIdCount == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, freeIdCount * 2);
        }
        freeIds[freeIdCount++] = id;
        liveBytes -= block.byteSize();
        reservedBytes -= block.byteSize();
        return block;
    }

    /** @return a handle to a large block another slab {@link #disown}ed, now this slab's to free */
    long adopt(MemorySegment block) {
        long handle = (long) newId(block, true) << OFFSET_BITS;
        liveBytes += block.byteSize();
        reservedBytes += block.byteSize();
        return handle;
    }

    /** @return bytes of freed small blocks waiting on the free lists: held, but reusable only by their size class */
    long freeListBytes() {
        return freeListBytes;
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
        for (MemorySegment block : large) {
            if (block != null) {
                nativeFree(block);
            }
        }
        chunks = new MemorySegment[8];
        large = new MemorySegment[8];
        nextId = 1;
        freeIdCount = 0;
        Arrays.fill(freeHeads, 0);
        bumpChunk = 0;
        bumpOffset = 0;
        liveBytes = 0;
        reservedBytes = 0;
        freeListBytes = 0;
    }

    /** Releases everything; allocating afterwards throws {@link IllegalStateException}. */
    void close() {
        release();
        closed = true;
    }
}
