package chkv.store.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast 64-bit hash of key bytes for the table (not the ring's hash): xxHash64-style rounds and a Murmur3 finalizer. */
public final class KeyHash {
    private KeyHash() {}

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;

    /** @return the 64-bit hash of the key's bytes; stores pick the segment by its top bits */
    public static long hash(byte[] key) {
        int n = key.length;
        long h = P3 + n * P1;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h ^= Long.rotateLeft((long) LONGS.get(key, i) * P2, 31) * P1;
            h = Long.rotateLeft(h, 27) * P1 + P3;
        }
        long tail = 0;
        for (int j = n - 1; j >= i; j--) {
            tail = (tail << 8) | (key[j] & 0xFF);
        }
        h ^= Long.rotateLeft(tail * P2, 31) * P1;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
