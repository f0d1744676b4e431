package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The entry record: round trips, key comparison at every length and position, and lengths checked before copying. */
class LayoutTest {

    @Test
    public void write_thenRead_roundTrips_andKeyEqualsFindsEveryDifference() {
        Random random = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = arena.allocate(4_096, 8);
            for (int n = 0; n <= 70; n++) {
                byte[] key = new byte[n];
                random.nextBytes(key);
                byte[] value = new byte[n * 3];
                random.nextBytes(value);
                long at = 8 * (n % 5);
                Layout.write(c, at, key, value, 123L + n, n);
                assertThat(Layout.key(c, at)).isEqualTo(key);
                assertThat(Layout.value(c, at)).isEqualTo(value);
                assertThat(Layout.expireAt(c, at)).isEqualTo(123L + n);
                assertThat(Layout.usage(c, at)).isEqualTo(n);
                assertThat(Layout.need(c, at)).isEqualTo(Layout.need(n, n * 3)).isEqualTo((20 + 4L * n + 7) & ~7L);
                assertThat(Layout.keyEquals(c, at, key)).as("length %d", n).isTrue();
                assertThat(Layout.keyEquals(c, at, new byte[n + 1])).isFalse();
                for (int p = 0; p < n; p++) {
                    byte[] other = key.clone();
                    other[p] ^= 1;
                    assertThat(Layout.keyEquals(c, at, other)).as("length %d, byte %d differs", n, p).isFalse();
                }
            }
        }
    }

    @Test
    public void garbageLengths_throwBeforeAnyArrayIsAllocated() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment c = arena.allocate(256, 8);
            Layout.write(c, 0, new byte[4], new byte[4], 0, 0);
            c.set(ValueLayout.JAVA_INT_UNALIGNED, 4, Integer.MAX_VALUE); // a torn or reused block
            assertThatThrownBy(() -> Layout.value(c, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            c.set(ValueLayout.JAVA_INT_UNALIGNED, 0, -5);
            assertThatThrownBy(() -> Layout.key(c, 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Layout.expireAt(c, 250)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
