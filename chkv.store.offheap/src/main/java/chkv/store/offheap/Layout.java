package chkv.store.offheap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The record of one entry in a {@link Slab} block: key length and value length (4 bytes each),
 * the expiry (8), the usage word (4), then the key and the value bytes. Lengths are checked
 * against the chunk before any array is allocated, so a torn optimistic read of a reused block
 * throws instead of allocating whatever its garbage says.
 */
final class Layout {
    private Layout() {}

    static final long HEADER = 20;
    private static final long VALUE_LENGTH = 4;
    private static final long EXPIRE_AT = 8;
    private static final long USAGE = 16;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final VarHandle KEY_WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int SHORT_KEY = 32;

    /** @return the block bytes an entry needs, a multiple of 8 */
    static long need(int keyLength, int valueLength) {
        return (HEADER + keyLength + valueLength + 7) & ~7L;
    }

    /** @return the block bytes the entry at {@code at} needs */
    static long need(MemorySegment c, long at) {
        return need(keyLength(c, at), valueLength(c, at));
    }

    static void write(MemorySegment c, long at, byte[] key, byte[] value, long expireAt, int usage) {
        c.set(INT, at, key.length);
        c.set(INT, at + VALUE_LENGTH, value.length);
        c.set(LONG, at + EXPIRE_AT, expireAt);
        c.set(INT, at + USAGE, usage);
        MemorySegment.copy(key, 0, c, ValueLayout.JAVA_BYTE, at + HEADER, key.length);
        MemorySegment.copy(value, 0, c, ValueLayout.JAVA_BYTE, at + HEADER + key.length, value.length);
    }

    /** Writes a value into a block that holds it (same size class as the old one). */
    static void overwriteValue(MemorySegment c, long at, byte[] value) {
        int keyLength = keyLength(c, at);
        c.set(INT, at + VALUE_LENGTH, value.length);
        MemorySegment.copy(value, 0, c, ValueLayout.JAVA_BYTE, at + HEADER + keyLength, value.length);
    }

    /** Writes the header and the key of an entry whose value of {@code valueLength} bytes is written next. */
    static void writeKey(MemorySegment c, long at, byte[] key, int valueLength, long expireAt, int usage) {
        c.set(INT, at, key.length);
        c.set(INT, at + VALUE_LENGTH, valueLength);
        c.set(LONG, at + EXPIRE_AT, expireAt);
        c.set(INT, at + USAGE, usage);
        MemorySegment.copy(key, 0, c, ValueLayout.JAVA_BYTE, at + HEADER, key.length);
    }

    /** Copies the entry at {@code at} of {@code c}, header, key and value, to {@code toAt} of {@code to}. */
    static void copy(MemorySegment c, long at, MemorySegment to, long toAt) {
        MemorySegment.copy(c, at, to, toAt, HEADER + keyLength(c, at) + valueLength(c, at));
    }

    /**
     * Writes {@code bytes} at {@code offset} of the value, zero-filling from the value's end to
     * {@code offset}, and sets its length to {@code length}; the block has the room.
     */
    static void writeValue(MemorySegment c, long at, long offset, byte[] bytes, int length) {
        long value = at + HEADER + keyLength(c, at);
        int old = valueLength(c, at);
        if (offset > old) {
            c.asSlice(value + old, offset - old).fill((byte) 0); // a reused block holds garbage
        }
        MemorySegment.copy(bytes, 0, c, ValueLayout.JAVA_BYTE, value + offset, bytes.length);
        c.set(INT, at + VALUE_LENGTH, length);
    }

    static int keyLength(MemorySegment c, long at) {
        return c.get(INT, at);
    }

    static int valueLength(MemorySegment c, long at) {
        return c.get(INT, at + VALUE_LENGTH);
    }

    static long expireAt(MemorySegment c, long at) {
        return c.get(LONG, at + EXPIRE_AT);
    }

    static void expireAt(MemorySegment c, long at, long expireAt) {
        c.set(LONG, at + EXPIRE_AT, expireAt);
    }

    static int usage(MemorySegment c, long at) {
        return c.get(INT, at + USAGE);
    }

    static void usage(MemorySegment c, long at, int usage) {
        c.set(INT, at + USAGE, usage);
    }

    static boolean keyEquals(MemorySegment c, long at, byte[] key) {
        int n = keyLength(c, at);
        if (n != key.length) {
            return false;
        }
        long from = at + HEADER;
        if (n > SHORT_KEY) {
            return MemorySegment.mismatch(c, from, from + n, MemorySegment.ofArray(key), 0, n) == -1;
        }
        // short keys, the common case: a word at a time beats mismatch's set-up
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if (c.get(LONG, from + i) != (long) KEY_WORDS.get(key, i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (c.get(ValueLayout.JAVA_BYTE, from + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] key(MemorySegment c, long at) {
        int n = keyLength(c, at);
        checkFits(c, at, n, 0);
        byte[] key = new byte[n];
        MemorySegment.copy(c, ValueLayout.JAVA_BYTE, at + HEADER, key, 0, n);
        return key;
    }

    static byte[] value(MemorySegment c, long at) {
        int k = keyLength(c, at);
        int n = valueLength(c, at);
        checkFits(c, at, k, n);
        byte[] value = new byte[n];
        MemorySegment.copy(c, ValueLayout.JAVA_BYTE, at + HEADER + k, value, 0, n);
        return value;
    }

    /** @return a copy of bytes {@code from} to {@code to - 1} of the value, and of nothing else */
    static byte[] value(MemorySegment c, long at, int from, int to) {
        int k = keyLength(c, at);
        int n = valueLength(c, at);
        checkFits(c, at, k, n);
        java.util.Objects.checkFromToIndex(from, to, n);
        byte[] part = new byte[to - from];
        MemorySegment.copy(c, ValueLayout.JAVA_BYTE, at + HEADER + k + from, part, 0, to - from);
        return part;
    }

    private static void checkFits(MemorySegment c, long at, int keyLength, int valueLength) {
        if (keyLength < 0 || valueLength < 0 || at + HEADER + keyLength + valueLength > c.byteSize()) {
            throw new IndexOutOfBoundsException("entry at " + at + ": key " + keyLength + ", value "
                    + valueLength + " bytes (expected: within its chunk of " + c.byteSize() + ")");
        }
    }
}
