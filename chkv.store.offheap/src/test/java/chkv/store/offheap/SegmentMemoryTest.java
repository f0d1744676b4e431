package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.store.support.KeyHash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Freed blocks go back to the system while the segment still holds keys, not only once it is empty. */
class SegmentMemoryTest {
    private static final long NOW = 1_750_000_000_000L;
    private final Segment segment = new Segment(8, EvictionPolicy.NOEVICTION);

    @AfterEach
    void close() {
        segment.close();
    }

    private static byte[] key(int i) {
        return String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII);
    }

    private void put(int i, int length) {
        byte[] k = key(i);
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) i);
        segment.update(k, Table.tagOf(KeyHash.hash(k)), (current, edit) -> {
            edit.put(value, Store.NO_EXPIRY);
            return null;
        }, NOW);
    }

    private byte[] get(int i) {
        byte[] k = key(i);
        return segment.getLocked(k, KeyHash.hash(k), java.time.InstantSource.fixed(java.time.Instant.ofEpochMilli(NOW)));
    }

    /** What the slab holds beyond its live blocks may be a quarter of them, plus a few chunks. */
    private void assertHeldIsNearLive() {
        assertThat(segment.slab.reservedBytes())
                .isLessThanOrEqualTo(segment.slab.liveBytes() * 5 / 4 + Table.COMPACT_BYTES + 2L * Slab.CHUNK_BYTES);
    }

    @Test
    void removingMostKeys_returnsTheirMemory_whileTheSegmentStillHoldsKeys() {
        for (int i = 0; i < 20_000; i++) {
            put(i, 100);
        }
        long full = segment.slab.reservedBytes();
        for (int i = 0; i < 20_000; i++) {
            if (i % 5 != 0) {
                byte[] k = key(i);
                segment.remove(k, KeyHash.hash(k));
            }
        }
        assertThat(segment.keyCount()).isEqualTo(4_000);
        assertThat(segment.slab.reservedBytes()).isLessThan(full / 2);
        assertHeldIsNearLive();
        for (int i = 0; i < 20_000; i += 5) {
            assertThat(get(i)).as("key %d", i).hasSize(100).containsOnly((byte) i);
        }
    }

    @Test
    void valuesThatChangeSizeClass_doNotStrandTheirOldBlocks() {
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < 5_000; i++) {
                put(i, 40 + round * 50 + (i == 0 ? 20_000 : 0)); // key 0 is a large block, handed over as is
            }
            assertHeldIsNearLive();
        }
        assertThat(get(0)).hasSize(40 + 7 * 50 + 20_000);
        assertThat(get(4_999)).hasSize(40 + 7 * 50).containsOnly((byte) 4_999);
    }
}
