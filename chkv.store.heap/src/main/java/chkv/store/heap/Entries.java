package chkv.store.heap;

import java.util.Arrays;
import java.util.Objects;

/**
 * The layout of one entry: a single {@code byte[]} holding the key length, the key and the
 * value, so a key costs one array and no wrapper object. A key shorter than 128 bytes takes a
 * one-byte length; a longer one four bytes, big-endian, with the top bit set.
 */
final class Entries {
    private Entries() {}

    /** Bytes of an array header, counted as without compact object headers, so the estimate errs high. */
    static final int ARRAY_HEADER = 16;

    static byte[] encode(byte[] key, byte[] value) {
        int header = key.length < 128 ? 1 : 4;
        byte[] e = new byte[header + key.length + value.length];
        writeHeader(e, key.length);
        System.arraycopy(key, 0, e, header, key.length);
        System.arraycopy(value, 0, e, header + key.length, value.length);
        return e;
    }

    private static void writeHeader(byte[] e, int keyLength) {
        if (keyLength < 128) {
            e[0] = (byte) keyLength;
        } else {
            e[0] = (byte) (0x80 | keyLength >>> 24);
            e[1] = (byte) (keyLength >>> 16);
            e[2] = (byte) (keyLength >>> 8);
            e[3] = (byte) keyLength;
        }
    }

    static int keyOffset(byte[] e) {
        return e[0] >= 0 ? 1 : 4;
    }

    static int keyLength(byte[] e) {
        int b0 = e[0];
        return b0 >= 0 ? b0
                : (b0 & 0x7F) << 24 | (e[1] & 0xFF) << 16 | (e[2] & 0xFF) << 8 | (e[3] & 0xFF);
    }

    static int valueOffset(byte[] e) {
        return keyOffset(e) + keyLength(e);
    }

    static int valueLength(byte[] e) {
        return e.length - valueOffset(e);
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
        return Arrays.copyOfRange(e, valueOffset(e), e.length);
    }

    /** @return a copy of bytes {@code from} to {@code to - 1} of the value, and of nothing else */
    static byte[] value(byte[] e, int from, int to) {
        Objects.checkFromToIndex(from, to, valueLength(e));
        int off = valueOffset(e);
        return Arrays.copyOfRange(e, off + from, off + to);
    }

    /** Writes {@code value} over the value of {@code e}, which has exactly its length. */
    static void overwriteValue(byte[] e, byte[] value) {
        System.arraycopy(value, 0, e, e.length - value.length, value.length);
    }

    /** @return the heap bytes of a {@code byte[]} of {@code length}, header and alignment included */
    static long arrayBytes(int length) {
        return (ARRAY_HEADER + (long) length + 7) & ~7L;
    }
}
