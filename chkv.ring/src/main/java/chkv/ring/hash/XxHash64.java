package chkv.ring.hash;

import chkv.api.spi.HashFunction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** XXH64 (Yann Collet's xxHash, 64-bit variant), seed 0. */
enum XxHash64 implements HashFunction {
    INSTANCE;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    @Override
    public long hash(byte[] data, int offset, int length) {
        return hash(data, offset, length, 0L);
    }

    /** The seeded function, for the reference test vectors that use a non-zero seed. */
    static long hash(byte[] data, int offset, int length, long seed) {
        int end = offset + length;
        int i = offset;
        long h;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (int limit = end - 32; i <= limit; i += 32) {
                v1 = round(v1, (long) LONG_LE.get(data, i));
                v2 = round(v2, (long) LONG_LE.get(data, i + 8));
                v3 = round(v3, (long) LONG_LE.get(data, i + 16));
                v4 = round(v4, (long) LONG_LE.get(data, i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7)
                    + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = mergeRound(h, v1);
            h = mergeRound(h, v2);
            h = mergeRound(h, v3);
            h = mergeRound(h, v4);
        } else {
            h = seed + P5;
        }
        h += length;
        for (; i + 8 <= end; i += 8) {
            h ^= round(0, (long) LONG_LE.get(data, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i + 4 <= end) {
            h ^= ((int) INT_LE.get(data, i) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < end; i++) {
            h ^= (data[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long mergeRound(long acc, long value) {
        return (acc ^ round(0, value)) * P1 + P4;
    }
}
