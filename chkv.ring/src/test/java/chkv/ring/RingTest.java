package chkv.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import chkv.api.HashRange;
import chkv.api.spi.HashFunction;
import chkv.ring.hash.Murmur3Provider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookups, preference lists, owned ranges and the life cycle of a ring. */
class RingTest {

    private static final HashFunction MURMUR3 = new Murmur3Provider().create();
    private static final KeySample KEYS = KeySample.of(MURMUR3, 20_000, 1);

    private static Ring ring(int vnodes, String... nodes) {
        RingBuilder builder = Ring.builder(MURMUR3).vnodes(vnodes);
        for (String node : nodes) {
            builder.node(node);
        }
        return builder.build();
    }

    @Test
    void ownerOf_pastTheLastVnode_wrapsToTheFirst() {
        Ring ring = ring(4, "a", "b", "c");
        VNodeTable table = ring.table();
        long last = table.positions[table.size() - 1];
        String first = table.nodes[table.owners[0]];

        assertThat(ring.ownerOf(last + 1)).isEqualTo(first);
        assertThat(ring.ownerOf(Long.MAX_VALUE)).isEqualTo(first);
        assertThat(ring.ownerOf(Long.MIN_VALUE)).isEqualTo(first);
    }

    @Test
    void ownerOf_atAVnode_isThatVnodesNode() {
        Ring ring = ring(4, "a", "b", "c");
        VNodeTable table = ring.table();
        for (int i = 0; i < table.size(); i++) {
            assertThat(ring.ownerOf(table.positions[i])).isEqualTo(table.nodes[table.owners[i]]);
        }
    }

    @Test
    void build_nodeOrder_doesNotMatter() {
        Ring forward = ring(16, "a", "b", "c", "d");
        Ring backward = ring(16, "d", "c", "b", "a");

        assertThat(forward.table().positions).isEqualTo(backward.table().positions);
        assertThat(forward.rangeOwners(2)).isEqualTo(backward.rangeOwners(2));
    }

    @Test
    void withNode_returnsNextEpoch_andLeavesTheOldRingAlone() {
        Ring one = Ring.builder(MURMUR3).epoch(7).node("a").build();

        Ring two = one.withNode("b", 2);

        assertThat(two.epoch()).isEqualTo(8);
        assertThat(two.weights()).containsExactly(java.util.Map.entry("a", 1), java.util.Map.entry("b", 2));
        assertThat(one.nodes()).containsExactly("a");
        assertThat(two.withoutNode("a").epoch()).isEqualTo(9);
    }

    @Test
    void withoutNode_unknown_failsNamingTheMembers() {
        assertThatThrownBy(() -> ring(4, "a", "b").withoutNode("z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node: z (expected: one of [a, b])");
    }

    @Test
    void owner_emptyRing_fails() {
        Ring empty = Ring.builder(MURMUR3).build();

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.rangeOwners(1)).isEmpty();
        assertThatThrownBy(() -> empty.owner(new byte[] {1}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ring: empty at epoch 0 (expected: at least one node)");
    }

    @Test
    void build_outOfRangeSettings_fail() {
        assertThatThrownBy(() -> Ring.builder(MURMUR3).vnodes(0).build())
                .isInstanceOf(ConfigException.class).hasMessage("vnodes: 0 (expected: 1 to 4096)");
        assertThatThrownBy(() -> Ring.builder(MURMUR3).node("a", 101))
                .isInstanceOf(ConfigException.class).hasMessage("weight: 101 (expected: 1 to 100)");
        assertThatThrownBy(() -> ring(4, "a").preferenceListOf(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rf: 0 (expected: at least 1)");
    }

    @Test
    void preferenceList_moreReplicasThanNodes_listsEveryNodeOnce() {
        Ring ring = ring(8, "a", "b", "c");
        for (int i = 0; i < 1000; i++) {
            long position = KEYS.position(i);

            List<String> list = ring.preferenceListOf(position, 5);

            assertThat(list).hasSize(3).doesNotHaveDuplicates().first().isEqualTo(ring.ownerOf(position));
        }
    }

    @Test
    void owner_taggedKeys_landTogether() {
        Ring ring = ring(64, "a", "b", "c", "d", "e");
        for (int user = 0; user < 200; user++) {
            String name = ring.owner(bytes("user:{" + user + "}:name"));

            assertThat(ring.owner(bytes("user:{" + user + "}:mail"))).isEqualTo(name);
            assertThat(ring.preferenceList(bytes("{" + user + "}.cart"), 2))
                    .isEqualTo(ring.preferenceList(bytes("user:{" + user + "}:name"), 2));
        }
    }

    @Test
    void build_nodeIdWithBraces_stillSpreadsItsVnodes() {
        Ring ring = ring(64, "{rack1}a", "{rack1}b");

        assertThat(ring.table().size()).isEqualTo(128);
    }

    @Test
    void primaryRanges_singleNode_isTheWholeRing() {
        Ring ring = ring(32, "a");

        assertThat(ring.primaryRanges("a")).singleElement()
                .satisfies(r -> assertThat(Widths.of(r)).isEqualTo(Widths.RING));
        assertThat(ring.rangeOwners(3)).hasSize(1);
        assertThat(ring.replicaRanges("a", 3)).isEmpty();
    }

    @Test
    void primaryRanges_coverTheRingOnce_andHoldExactlyTheNodesKeys() {
        Ring ring = ring(16, "a", "b", "c", "d");
        BigInteger total = BigInteger.ZERO;
        for (String node : ring.nodes()) {
            List<HashRange> ranges = ring.primaryRanges(node);
            total = total.add(Widths.of(ranges));
            for (int i = 0; i < KEYS.size(); i++) {
                long p = KEYS.position(i);
                boolean owned = ranges.stream().anyMatch(r -> r.contains(p));
                assertThat(owned).isEqualTo(ring.ownerOf(p).equals(node));
            }
        }
        assertThat(total).isEqualTo(Widths.RING);
    }

    @Test
    void replicaRanges_holdExactlyTheKeysTheNodeReplicates() {
        Ring ring = ring(16, "a", "b", "c", "d", "e");
        List<HashRange> ranges = ring.replicaRanges("c", 3);
        for (int i = 0; i < KEYS.size(); i++) {
            long p = KEYS.position(i);
            boolean replica = ring.preferenceListOf(p, 3).indexOf("c") >= 1;

            assertThat(ranges.stream().anyMatch(r -> r.contains(p))).isEqualTo(replica);
        }
    }

    @Test
    void rangeOwners_agreeWithPreferenceLists() {
        Ring ring = ring(16, "a", "b", "c", "d", "e");
        List<RangeOwners> all = ring.rangeOwners(2);
        assertThat(Widths.of(all.stream().map(RangeOwners::range).toList())).isEqualTo(Widths.RING);
        for (int i = 0; i < KEYS.size(); i++) {
            long p = KEYS.position(i);
            List<RangeOwners> holding = all.stream().filter(o -> o.range().contains(p)).toList();

            assertThat(holding).singleElement().extracting(RangeOwners::owners)
                    .isEqualTo(ring.preferenceListOf(p, 2));
        }
    }

    @Test
    void weights_doubleWeight_ownsAboutTwiceTheRing() {
        Ring ring = Ring.builder(MURMUR3).node("a").node("b", 2).node("c").node("d").build();

        double a = Widths.fraction(ring.primaryRanges("a"));
        double b = Widths.fraction(ring.primaryRanges("b"));

        assertThat(ring.table().size()).isEqualTo(5 * Ring.DEFAULT_VNODES);
        assertThat(b).isBetween(0.36, 0.44);
        assertThat(b / a).isBetween(1.8, 2.2);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
