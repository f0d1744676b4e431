package chkv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import chkv.ring.hash.Murmur3Provider;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ring's promises measured on 10 nodes at the default vnode count with 1,000,000 seeded
 * random keys: balance, minimal movement on join and leave, full preference lists.
 */
class RingPropertiesTest {

    private static final HashFunction MURMUR3 = new Murmur3Provider().create();
    private static final int NODES = 10;
    private static KeySample keys;
    private static Ring ten;
    private static String[] tenOwners;

    @BeforeAll
    static void sample() {
        keys = KeySample.of(MURMUR3, 1_000_000, 42);
        ten = RingMeasurements.ring(MURMUR3, Ring.DEFAULT_VNODES, 0, NODES);
        tenOwners = keys.owners(ten);
    }

    @Test
    void owner_tenNodes_maxOverMeanLoadAtMost1_10() {
        assertThat(keys.maxOverMean(ten)).isLessThanOrEqualTo(1.10);
    }

    @Test
    void withNode_eleventh_movesAtMost1_10TimesIdeal_andOnlyOntoIt() {
        String eleventh = RingMeasurements.name(0, NODES + 1);
        String[] after = keys.owners(ten.withNode(eleventh));

        int moved = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!after[i].equals(tenOwners[i])) {
                assertThat(after[i]).as("new owner of key %d", i).isEqualTo(eleventh);
                moved++;
            }
        }
        double ideal = keys.size() / (NODES + 1.0);
        assertThat(moved / ideal).isLessThanOrEqualTo(1.10);
    }

    @Test
    void withoutNode_movesOnlyThatNodesKeys() {
        String leaving = RingMeasurements.name(0, 4);
        String[] after = keys.owners(ten.withoutNode(leaving));

        for (int i = 0; i < keys.size(); i++) {
            if (tenOwners[i].equals(leaving)) {
                assertThat(after[i]).isNotEqualTo(leaving);
            } else {
                assertThat(after[i]).as("owner of key %d", i).isEqualTo(tenOwners[i]);
            }
        }
    }

    @Test
    void preferenceList_everyRange_hasRfDistinctNodes() {
        // rangeOwners lists every distinct preference list the ring can produce
        for (int rf = 1; rf <= 4; rf++) {
            for (RangeOwners owners : ten.rangeOwners(rf)) {
                Set<String> distinct = new HashSet<>(owners.owners());
                assertThat(distinct).hasSize(rf);
            }
        }
        for (int i = 0; i < keys.size(); i += 10) {
            assertThat(ten.preferenceListOf(keys.position(i), 3)).doesNotHaveDuplicates().hasSize(3);
        }
    }
}
