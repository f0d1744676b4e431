package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.SetOptions;
import chkv.api.spi.StoreConfig;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A segment grows by rehashing its whole table under its write lock, so the segment count
 * bounds the pause: with 256 segments, 200,000 keys make no table larger than 2,048 slots
 * (with 64, one resize rehashed over 3,000 keys and the tables reached 8,192 slots).
 */
class ResizeBoundTest {
    @Test
    void load_200kKeys_noSegmentTableOutgrows2048Slots() {
        try (OffHeapStore store = (OffHeapStore) new OffHeapStoreProvider().create(StoreConfig.of(new FakeClock()))) {
            for (int i = 0; i < 200_000; i++) {
                store.set(String.format("key:%012d", i).getBytes(StandardCharsets.US_ASCII), new byte[8], SetOptions.PLAIN);
            }
            assertThat(store.largestTable()).isLessThanOrEqualTo(2_048);
        }
    }
}
