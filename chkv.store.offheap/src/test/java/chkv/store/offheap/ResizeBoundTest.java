package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.SetOptions;
import chkv.api.spi.StoreConfig;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The segment count bounds a segment's index: with 256 segments, 200,000 keys make no index
 * larger than 2,048 slots (with 64, they reached 8,192 slots). An index grows a step per write
 * ({@link TableTest}), but the new one is allocated at once, and a shrink rehashes at once.
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
