package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.store.support.KeyHash;
import chkv.store.support.Strings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * APPEND and SETRANGE write in place: a value built by appends moves to a new block a bounded
 * number of times (once per size class below 8 KiB, then once per doubling).
 */
class SegmentWriteTest {
    private static final long NOW = 1_750_000_000_000L;
    private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
    private static final long HASH = KeyHash.hash(KEY);
    private final Segment segment = new Segment(8, EvictionPolicy.NOEVICTION);

    @AfterEach
    void close() {
        segment.close();
    }

    private long handleOfKey() {
        return Table.handle(segment.slotAt(segment.find(KEY, Table.tagOf(HASH))));
    }

    @Test
    void append_100kTimes_movesTheValueABoundedNumberOfTimes() {
        int moves = 0;
        long last = 0;
        for (int i = 0; i < 100_000; i++) {
            assertThat(segment.writeLocked(KEY, HASH, Strings.AT_END, new byte[] {(byte) i}, NOW)).isEqualTo(i + 1);
            if (handleOfKey() != last) {
                moves++;
                last = handleOfKey();
            }
        }
        // 128 classes of 8 bytes to 1 KiB, 12 more to 8 KiB, then doubling: about 145, not 100,000
        assertThat(moves).as("blocks the value moved to").isLessThanOrEqualTo(160);
        long h = handleOfKey();
        byte[] value = Layout.value(segment.slab.chunk(h), Slab.offset(h));
        assertThat(value).hasSize(100_000);
        for (int i = 0; i < value.length; i += 997) {
            assertThat(value[i]).isEqualTo((byte) i);
        }
        long everyClass = 0;
        for (int c = 0; c < Slab.CLASSES; c++) {
            everyClass += Slab.classSize(c);
        }
        assertThat(segment.slab.reservedBytes() - segment.slab.liveBytes()).as("free small blocks: one per class passed through")
                .isLessThanOrEqualTo(everyClass + Slab.CHUNK_BYTES);
    }

    @Test
    void setRange_insideTheValue_writesInPlace() {
        segment.writeLocked(KEY, HASH, 0, new byte[50_000], NOW);
        long before = handleOfKey();
        assertThat(segment.writeLocked(KEY, HASH, 25_000, new byte[] {1, 2, 3}, NOW)).isEqualTo(50_000);
        assertThat(handleOfKey()).isEqualTo(before);
        assertThat(Layout.value(segment.slab.chunk(before), Slab.offset(before), 24_999, 25_004))
                .containsExactly(0, 1, 2, 3, 0);
    }
}
