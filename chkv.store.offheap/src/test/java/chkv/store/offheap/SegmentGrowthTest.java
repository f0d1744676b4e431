package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.store.support.KeyHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What walks a segment's slots sees the keys still in the old index of a growth. */
class SegmentGrowthTest {
    private static final long NOW = 1_000;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(NOW));

    /** A segment just past 3/4 of 1,024 slots: most of its keys are still in the old index. */
    private final List<Segment> opened = new ArrayList<>();

    @AfterEach
    public void close() {
        opened.forEach(Segment::close);
    }

    private Segment midGrowth(Set<String> keys) {
        Segment s = new Segment(8, EvictionPolicy.NOEVICTION);
        opened.add(s);
        for (int i = 0; i < 770; i++) {
            byte[] k = ("key" + i).getBytes(StandardCharsets.US_ASCII);
            s.update(k, Table.tagOf(KeyHash.hash(k)), (current, edit) -> {
                edit.put(new byte[] {1}, NOW + 60_000);
                return null;
            }, NOW);
            keys.add("key" + i);
        }
        assertThat(s.growing()).isTrue();
        assertThat(s.slots()).isEqualTo(2_048 + 1_024);
        return s;
    }

    @Test
    public void scan_midGrowth_seesEveryKey() {
        Set<String> keys = new HashSet<>();
        Segment s = midGrowth(keys);
        Set<String> seen = new HashSet<>();
        long v = 0;
        int calls = 0;
        do {
            List<byte[]> out = new ArrayList<>();
            v = s.scan(v, out, 10, new int[] {100}, NOW);
            out.forEach(k -> seen.add(new String(k, StandardCharsets.US_ASCII)));
        } while (v != 0 && ++calls < 10_000);
        assertThat(seen).isEqualTo(keys);
    }

    @Test
    public void sample_midGrowth_reachesTheOldIndexSlots() {
        Set<String> keys = new HashSet<>();
        Segment s = midGrowth(keys);
        Set<String> sampled = new HashSet<>();
        for (int from = 0; from < s.slots(); from++) {
            int slot = s.sample(true, from, 1);
            if (slot >= 0) {
                sampled.add(new String(s.keyAt(slot), StandardCharsets.US_ASCII));
                assertThat(s.expireAtAt(slot)).isEqualTo(NOW + 60_000);
            }
        }
        assertThat(sampled).isEqualTo(keys);
    }

    @Test
    public void growStep_untilDone_dropsTheOldIndexAndKeepsEveryKey() {
        Set<String> keys = new HashSet<>();
        Segment s = midGrowth(keys);
        int steps = 0;
        while (s.growStep(100) && steps < 1_000) {
            steps++;
        }
        assertThat(steps).isEqualTo(9); // 1,024 old slots, 32 moved by the two writes since it began, 100 a step
        assertThat(s.growing()).isFalse();
        assertThat(s.slots()).isEqualTo(2_048);
        for (String k : keys) {
            byte[] key = k.getBytes(StandardCharsets.US_ASCII);
            assertThat(s.read(key, Table.tagOf(KeyHash.hash(key)), CLOCK, 0)).as(k).containsExactly(1);
        }
        assertThat(s.keyCount()).isEqualTo(keys.size());
        s.update("key0".getBytes(StandardCharsets.US_ASCII), Table.tagOf(KeyHash.hash("key0".getBytes(StandardCharsets.US_ASCII))),
                (current, edit) -> {
                    edit.delete();
                    return null;
                }, NOW);
        assertThat(s.keyCount()).isEqualTo(keys.size() - 1);
    }
}
