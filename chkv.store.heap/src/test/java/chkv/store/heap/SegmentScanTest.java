package chkv.store.heap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.store.support.KeyHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The reverse-binary scan over home buckets keeps Redis's guarantee while one table grows and shrinks. */
class SegmentScanTest {
    private static final long NOW = 1_000;

    private static void put(Segment s, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        s.update(k, (int) KeyHash.hash(k), (current, edit) -> {
            edit.put(new byte[] {1}, Store.NO_EXPIRY);
            return null;
        }, NOW);
    }

    private static void delete(Segment s, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        s.remove(k, KeyHash.hash(k));
    }

    /** Scans one bucket per step, running {@code between} after each; returns the keys seen. */
    private static Set<String> scan(Segment s, Runnable between) {
        Set<String> seen = new HashSet<>();
        long v = 0;
        int steps = 0;
        do {
            List<byte[]> out = new ArrayList<>();
            v = s.scan(v, out, 1, new int[] {1}, NOW);
            out.forEach(k -> seen.add(new String(k, StandardCharsets.US_ASCII)));
            between.run();
        } while (v != 0 && ++steps < 1_000_000);
        return seen;
    }

    @Test
    public void scan_whileGrowing_seesEveryStableKey() {
        Segment s = new Segment(8, EvictionPolicy.NOEVICTION);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            put(s, "stable" + i);
            stable.add("stable" + i);
        }
        int[] n = {0};
        Set<String> seen = scan(s, () -> {
            for (int i = 0; i < 40 && n[0] < 3_000; i++) {
                put(s, "grow" + n[0]++);
            }
        });
        assertThat(s.capacity()).isEqualTo(4_096);
        assertThat(seen).containsAll(stable);
    }

    @Test
    public void scan_whileShrinking_seesEveryStableKey() {
        Segment s = new Segment(8, EvictionPolicy.NOEVICTION);
        for (int i = 0; i < 5_000; i++) {
            put(s, "gone" + i);
        }
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            put(s, "stable" + i);
            stable.add("stable" + i);
        }
        int[] n = {0};
        Set<String> seen = scan(s, () -> {
            for (int i = 0; i < 200 && n[0] < 5_000; i++) {
                delete(s, "gone" + n[0]++);
            }
        });
        assertThat(s.capacity()).isLessThanOrEqualTo(256);
        assertThat(seen).containsAll(stable);
    }

    @Test
    public void scan_alternatingGrowAndShrink_seesEveryStableKey() {
        Segment s = new Segment(8, EvictionPolicy.NOEVICTION);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            put(s, "stable" + i);
            stable.add("stable" + i);
        }
        int[] step = {0};
        Set<String> seen = scan(s, () -> {
            int round = step[0]++;
            for (int i = 0; i < 1_000; i++) {
                if (round % 2 == 0) {
                    put(s, "churn" + i);
                } else {
                    delete(s, "churn" + i);
                }
            }
        });
        assertThat(seen).containsAll(stable);
    }
}
