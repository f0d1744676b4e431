package chkv.store.heap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.store.support.KeyHash;
import chkv.store.support.Strings;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** APPEND and SETRANGE write in place: a value built by appends is copied a logarithmic number of times. */
class SegmentWriteTest {
    private static final long NOW = 1_750_000_000_000L;
    private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = (int) KeyHash.hash(KEY);
    private final Segment segment = new Segment(8, EvictionPolicy.NOEVICTION);

    private byte[] entry() {
        return segment.entries[segment.find(KEY, HASH)];
    }

    @Test
    void append_100kTimes_copiesTheValueAtMostLogarithmicallyOften() {
        int copies = 0;
        byte[] last = null;
        for (int i = 0; i < 100_000; i++) {
            assertThat(segment.writeLocked(KEY, HASH, Strings.AT_END, new byte[] {(byte) i}, NOW)).isEqualTo(i + 1);
            if (entry() != last) {
                copies++;
                last = entry();
            }
        }
        assertThat(copies).as("entries allocated").isLessThanOrEqualTo(20); // doubling: log2(100,000) is 17
        byte[] value = Entries.value(entry());
        assertThat(value).hasSize(100_000);
        for (int i = 0; i < value.length; i += 997) {
            assertThat(value[i]).isEqualTo((byte) i);
        }
        assertThat(segment.entryBytes).isEqualTo(Entries.arrayBytes(entry().length));
    }

    @Test
    void setRange_insideTheValue_writesInPlace() {
        segment.writeLocked(KEY, HASH, 0, new byte[50_000], NOW);
        byte[] before = entry();
        assertThat(segment.writeLocked(KEY, HASH, 25_000, new byte[] {1, 2, 3}, NOW)).isEqualTo(50_000);
        assertThat(entry()).isSameAs(before);
        assertThat(Entries.value(entry(), 24_999, 25_004)).containsExactly(0, 1, 2, 3, 0);
    }
}
