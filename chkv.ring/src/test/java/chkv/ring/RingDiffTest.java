package chkv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.HashRange;
import chkv.api.spi.HashFunction;
import chkv.ring.hash.XxHash64Provider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Ring#diff} names exactly the ranges whose owners change, checked key by key. */
class RingDiffTest {

    private static final HashFunction XXHASH64 = new XxHash64Provider().create();
    private static final KeySample KEYS = KeySample.of(XXHASH64, 20_000, 2);

    private static Ring ring(String... nodes) {
        RingBuilder builder = Ring.builder(XXHASH64).vnodes(32).epoch(4);
        for (String node : nodes) {
            builder.node(node);
        }
        return builder.build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void diff_addNode_namesExactlyTheKeysWhoseListChanges(int rf) {
        Ring before = ring("a", "b", "c", "d");
        Ring after = before.withNode("e");

        RingDiff diff = Ring.diff(before, after, rf);

        assertThat(diff.fromEpoch()).isEqualTo(4);
        assertThat(diff.toEpoch()).isEqualTo(5);
        assertKeyByKey(diff, before, after, rf);
        assertThat(diff.changes()).allSatisfy(c -> assertThat(c.added()).containsExactly("e"));
        assertThat(diff.moves()).allSatisfy(m -> assertThat(m.to()).isEqualTo("e"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void diff_removeAndReweight_namesExactlyTheKeysWhoseListChanges(int rf) {
        Ring before = ring("a", "b", "c", "d", "e");

        assertKeyByKey(Ring.diff(before, before.withoutNode("c"), rf), before, before.withoutNode("c"), rf);
        assertKeyByKey(Ring.diff(before, before.withNode("b", 3), rf), before, before.withNode("b", 3), rf);
    }

    @Test
    void diff_rf1_movesGoFromTheOldOwnerToTheNewOne() {
        Ring before = ring("a", "b", "c");
        Ring after = before.withoutNode("b").withNode("d");

        RingDiff diff = Ring.diff(before, after);

        assertThat(diff.moves()).hasSameSizeAs(diff.changes());
        for (RangeMove move : diff.moves()) {
            for (int i = 0; i < KEYS.size(); i++) {
                if (move.range().contains(KEYS.position(i))) {
                    assertThat(before.ownerOf(KEYS.position(i))).isEqualTo(move.from());
                    assertThat(after.ownerOf(KEYS.position(i))).isEqualTo(move.to());
                }
            }
        }
    }

    @Test
    void diff_sameRing_isEmpty() {
        Ring ring = ring("a", "b", "c");

        assertThat(Ring.diff(ring, ring, 3).isEmpty()).isTrue();
        assertThat(Ring.diff(ring, ring.withNode("b", 1)).changes()).isEmpty();
    }

    @Test
    void diff_fromEmptyRing_changesEverythingButMovesNothing() {
        Ring empty = Ring.builder(XXHASH64).build();
        Ring one = empty.withNode("a");

        RingDiff diff = Ring.diff(empty, one);

        assertThat(diff.changes()).singleElement().satisfies(c -> {
            assertThat(Widths.of(c.range())).isEqualTo(Widths.RING);
            assertThat(c.before()).isEmpty();
            assertThat(c.after()).containsExactly("a");
        });
        assertThat(diff.moves()).isEmpty();
        assertThat(Ring.diff(one, empty).changes().getFirst().removed()).containsExactly("a");
        assertThat(Ring.diff(empty, empty).isEmpty()).isTrue();
    }

    @Test
    void diff_changes_coverWhatTheNewNodeGains_merged() {
        Ring before = ring("a", "b", "c", "d");
        RingDiff diff = Ring.diff(before, before.withNode("e"));
        List<HashRange> ranges = diff.changes().stream().map(RangeChange::range).toList();

        assertThat(Widths.of(ranges)).isEqualTo(Widths.of(before.withNode("e").primaryRanges("e")));
        for (int k = 1; k < ranges.size(); k++) {
            boolean touching = ranges.get(k - 1).end() == ranges.get(k).start();
            RangeChange previous = diff.changes().get(k - 1);
            RangeChange current = diff.changes().get(k);
            boolean sameChange = previous.before().equals(current.before())
                    && previous.after().equals(current.after());
            assertThat(touching && sameChange).as("unmerged neighbours at %d", k).isFalse();
        }
    }

    /** Every key whose preference list changes lies in exactly one change, with both lists. */
    private static void assertKeyByKey(RingDiff diff, Ring before, Ring after, int rf) {
        for (int i = 0; i < KEYS.size(); i++) {
            long p = KEYS.position(i);
            List<String> was = before.preferenceListOf(p, rf);
            List<String> is = after.preferenceListOf(p, rf);
            List<RangeChange> holding = diff.changes().stream().filter(c -> c.range().contains(p)).toList();

            if (was.equals(is)) {
                assertThat(holding).as("key %d", i).isEmpty();
            } else {
                assertThat(holding).as("key %d", i).singleElement()
                        .satisfies(c -> assertThat(c.before()).isEqualTo(was))
                        .satisfies(c -> assertThat(c.after()).isEqualTo(is));
            }
        }
    }
}
