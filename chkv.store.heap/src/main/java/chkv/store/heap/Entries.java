package chkv.store.heap;

import java.util.Arrays;
import java.util.Objects;

/**
 * The layout of one entry: a single {@code byte[]} holding the key length, the key and the
 * value, so a key costs one array and no wrapper object. The first byte's top bit says the key
 * length takes four bytes (big-endian, 30 bits) rather than the low six bits of this one; its
 * next bit says the value has spare room after it, as a value grown by APPEND or SETRANGE has,
 * and then the array's last four bytes hold the value's length. The spare room is all zeros.
 */
final class Entries {
    private Entries() {}

    /** Bytes of an array header, counted as without compact object headers, so the estimate errs high. */
    static final int ARRAY_HEADER = 16;
    private static final int LONG_KEY = 0x80;
    private static final int SPARE = 0x40;
    private static final int SHORT_KEY_LIMIT = 64;
    private static final int LENGTH_BYTES = 4;

    static byte[] encode(byte[] key, byte[] value) {
        int header = header(key.length);
        byte[] e = new byte[header + key.length + value.length];
        writeHeader(e, key.length, false);
        System.arraycopy(key, 0, e, header, key.length);
        System.arraycopy(value, 0, e, header + key.length, value.length);
        return e;
    }

    private static int header(int keyLength) {
        return keyLength < SHORT_KEY_LIMIT ? 1 : 4;
    }

    private static void writeHeader(byte[] e, int keyLength, boolean spare) {
        int flags = spare ? SPARE : 0;
        if (keyLength < SHORT_KEY_LIMIT) {
            e[0] = (byte) (flags | keyLength);
        } else {
            e[0] = (byte) (LONG_KEY | flags | keyLength >>> 24);
            e[1] = (byte) (keyLength >>> 16);
            e[2] = (byte) (keyLength >>> 8);
            e[3] = (byte) keyLength;
        }
    }

    static int keyOffset(byte[] e) {
        return (e[0] & LONG_KEY) == 0 ? 1 : 4;
    }

    static int keyLength(byte[] e) {
        int b0 = e[0] & 0x3F;
        return (e[0] & LONG_KEY) == 0 ? b0 : b0 << 24 | (e[1] & 0xFF) << 16 | (e[2] & 0xFF) << 8 | (e[3] & 0xFF);
    }

    static int valueOffset(byte[] e) {
        return keyOffset(e) + keyLength(e);
    }

    private static boolean spare(byte[] e) {
        return (e[0] & SPARE) != 0;
    }

    /** @return the bytes the value may grow to in place */
    static int valueCapacity(byte[] e) {
        return e.length - valueOffset(e) - (spare(e) ? LENGTH_BYTES : 0);
    }

    /**
     * @return the value's length
     * @throws IndexOutOfBoundsException when a racing write tore the stored length (an optimistic
     *     read then retries), rather than returning a length beyond the array
     */
    static int valueLength(byte[] e) {
        if (!spare(e)) {
            return e.length - valueOffset(e);
        }
        int at = e.length - LENGTH_BYTES;
        int n = (e[at] & 0xFF) << 24 | (e[at + 1] & 0xFF) << 16 | (e[at + 2] & 0xFF) << 8 | (e[at + 3] & 0xFF);
        return Objects.checkIndex(n, valueCapacity(e) + 1);
    }

    static boolean keyEquals(byte[] e, byte[] key) {
        int off = keyOffset(e);
        return keyLength(e) == key.length && Arrays.equals(e, off, off + key.length, key, 0, key.length);
    }

    static byte[] key(byte[] e) {
        int off = keyOffset(e);
        return Arrays.copyOfRange(e, off, off + keyLength(e));
    }

    static byte[] value(byte[] e) {
        int off = valueOffset(e);
        return Arrays.copyOfRange(e, off, off + valueLength(e));
    }

    /** @return a copy of bytes {@code from} to {@code to - 1} of the value, and of nothing else */
    static byte[] value(byte[] e, int from, int to) {
        Objects.checkFromToIndex(from, to, valueLength(e));
        int off = valueOffset(e);
        return Arrays.copyOfRange(e, off + from, off + to);
    }

    /** Writes {@code value} over the value of {@code e}, which has exactly its length. */
    static void overwriteValue(byte[] e, byte[] value) {
        System.arraycopy(value, 0, e, valueOffset(e), value.length);
    }

    /**
     * @return a copy of {@code e} whose value may grow in place to {@code capacity} bytes: the one
     *     copy of the value a growing write makes
     */
    static byte[] grow(byte[] e, int capacity) {
        int keyLength = keyLength(e);
        int header = header(keyLength);
        int length = valueLength(e);
        byte[] grown = new byte[header + keyLength + capacity + LENGTH_BYTES];
        writeHeader(grown, keyLength, true);
        System.arraycopy(e, keyOffset(e), grown, header, keyLength + length);
        setValueLength(grown, length);
        return grown;
    }

    /**
     * Writes {@code bytes} at {@code at} of the value, zero-filling from its end to {@code at},
     * and sets its length to {@code length}; the entry has the room ({@link #valueCapacity}).
     */
    static void write(byte[] e, int at, byte[] bytes, int length) {
        int off = valueOffset(e);
        int old = valueLength(e);
        if (at > old) {
            Arrays.fill(e, off + old, off + at, (byte) 0); // spare room is zeros already; a gap must be
        }
        System.arraycopy(bytes, 0, e, off + at, bytes.length);
        if (length != old) {
            setValueLength(e, length);
        }
    }

    private static void setValueLength(byte[] e, int length) {
        if (!spare(e)) {
            throw new IllegalStateException("entry: value of " + valueLength(e) + " bytes (expected: one with spare room)");
        }
        int at = e.length - LENGTH_BYTES;
        e[at] = (byte) (length >>> 24);
        e[at + 1] = (byte) (length >>> 16);
        e[at + 2] = (byte) (length >>> 8);
        e[at + 3] = (byte) length;
    }

    /** @return the heap bytes of a {@code byte[]} of {@code length}, header and alignment included */
    static long arrayBytes(int length) {
        return (ARRAY_HEADER + (long) length + 7) & ~7L;
    }
}
