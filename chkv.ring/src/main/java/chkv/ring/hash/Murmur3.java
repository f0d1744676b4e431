package chkv.ring.hash;

import chkv.api.spi.HashFunction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** MurmurHash3 x64 128 (Austin Appleby's reference algorithm), seed 0, first 64-bit half. */
enum Murmur3 implements HashFunction {
    INSTANCE;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    @Override
    public long hash(byte[] data, int offset, int length) {
        return hash128(data, offset, length, 0, false);
    }

    /**
     * The full function, for the reference verification test, which needs seeds and both halves.
     *
     * @param seed the reference's {@code uint32_t} seed
     * @param second {@code false} for h1 (the half CHKV uses), {@code true} for h2
     */
    static long hash128(byte[] data, int offset, int length, int seed, boolean second) {
        long h1 = seed & 0xffffffffL;
        long h2 = h1;
        int end = offset + (length & ~15);
        for (int i = offset; i < end; i += 16) {
            long k1 = (long) LONG_LE.get(data, i);
            long k2 = (long) LONG_LE.get(data, i + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = length & 15;
        if (tail > 8) {
            long k2 = 0;
            for (int i = tail - 1; i >= 8; i--) {
                k2 ^= (data[end + i] & 0xffL) << ((i - 8) * 8);
            }
            h2 ^= mixK2(k2);
        }
        if (tail > 0) {
            long k1 = 0;
            for (int i = Math.min(tail, 8) - 1; i >= 0; i--) {
                k1 ^= (data[end + i] & 0xffL) << (i * 8);
            }
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        h2 += h1;
        return second ? h2 : h1;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
