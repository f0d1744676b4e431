package chkv.ring;

import chkv.api.HashRange;
import java.util.ArrayList;
import java.util.List;

/** Which ranges a node owns, computed arc by arc from a {@link VNodeTable}. */
final class OwnedRanges {

    private OwnedRanges() {}

    /** @return the arcs whose first owner is node {@code node}, merged */
    static List<HashRange> primary(VNodeTable table, int node) {
        List<Arcs.Arc<Boolean>> arcs = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            if (table.owners[i] == node) {
                arcs.add(arc(table, i));
            }
        }
        return Arcs.ranges(Arcs.merge(arcs));
    }

    /** @return the arcs whose 2nd to {@code rf}-th owner is node {@code node}, merged */
    static List<HashRange> replica(VNodeTable table, int node, int rf) {
        int[] list = new int[rf];
        List<Arcs.Arc<Boolean>> arcs = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            int found = table.preference(i, list);
            for (int k = 1; k < found; k++) {
                if (list[k] == node) {
                    arcs.add(arc(table, i));
                }
            }
        }
        return Arcs.ranges(Arcs.merge(arcs));
    }

    /** @return every arc with its preference list, neighbours with equal lists merged */
    static List<RangeOwners> owners(VNodeTable table, int rf) {
        int[] list = new int[rf];
        List<Arcs.Arc<List<String>>> arcs = new ArrayList<>(table.size());
        for (int i = 0; i < table.size(); i++) {
            arcs.add(new Arcs.Arc<>(table.arcStart(i), table.positions[i], table.preferenceIds(i, list)));
        }
        return Arcs.merge(arcs).stream().map(a -> new RangeOwners(a.range(), a.value())).toList();
    }

    private static Arcs.Arc<Boolean> arc(VNodeTable table, int i) {
        return new Arcs.Arc<>(table.arcStart(i), table.positions[i], Boolean.TRUE);
    }
}
