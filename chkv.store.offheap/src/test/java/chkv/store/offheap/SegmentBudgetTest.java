package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.store.support.KeyHash;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Active expiry and eviction samples visit a bounded number of slots however sparse the keys with a TTL are. */
class SegmentBudgetTest {
    private static final long NOW = 1_750_000_000_000L;
    private final Segment segment = new Segment(8, EvictionPolicy.VOLATILE_LRU);

    @AfterEach
    void close() {
        segment.close();
    }

    private void put(String key, long expireAt) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        segment.update(k, Table.tagOf(KeyHash.hash(k)), (current, edit) -> {
            edit.put(new byte[] {1}, expireAt);
            return null;
        }, NOW);
    }

    private int slotOf(String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return segment.find(k, Table.tagOf(KeyHash.hash(k)));
    }

    /** @return the slot of the one key with a TTL, placed at least {@code distance} slots from slot 0 */
    private int oneFarTtlKey(int persistent, int distance) {
        for (int i = 0; i < persistent; i++) {
            put("p" + i, Store.NO_EXPIRY);
        }
        for (int i = 0; i < 1_000; i++) {
            put("t" + i, NOW + 1);
            int slot = slotOf("t" + i);
            if (slot >= distance) {
                return slot;
            }
            segment.remove(("t" + i).getBytes(StandardCharsets.US_ASCII), KeyHash.hash(("t" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        throw new AssertionError("no key landed " + distance + " slots or more from slot 0");
    }

    @Test
    void expireSample_fewKeysWithATtl_visitsNoMoreThanItsSlotBudget() {
        int slot = oneFarTtlKey(10_000, 2_000);
        int calls = 0;
        long result = 0;
        while (result == 0 && calls < segment.slots()) {
            result = segment.expireSample(20, 100, NOW + 10, ttl -> { });
            calls++;
        }
        assertThat(result).as("examined 1, reclaimed 1").isEqualTo(1L << 32 | 1);
        // 100 slots per call from slot 0: the key at `slot` takes that many calls to reach
        assertThat(calls).isGreaterThan(slot / 100).isLessThanOrEqualTo(slot / 100 + 1);
        assertThat(segment.expiringKeyCount()).isZero();
    }

    @Test
    void sample_fewKeysWithATtl_looksOnlyAtTheSlotsItIsGiven() {
        int slot = oneFarTtlKey(10_000, 2_000);
        assertThat(segment.sample(true, 0, 64)).isEqualTo(-1);
        assertThat(segment.sample(true, slot - 63, 64)).isEqualTo(slot);
        assertThat(segment.sample(true, slot + 1, 64)).isEqualTo(-1);
        assertThat(segment.sample(false, slot + 1, 64)).isNotNegative();
    }
}
