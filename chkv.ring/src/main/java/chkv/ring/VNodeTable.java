package chkv.ring;

import chkv.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The sorted virtual nodes behind a {@link Ring}: vnode {@code i} sits at {@code positions[i]}
 * and its node {@code nodes[owners[i]]} owns the arc {@code (positions[i - 1], positions[i]]}.
 * Never mutated after construction, so any number of threads read it without locks.
 */
final class VNodeTable {

    final String[] nodes;
    final long[] positions;
    final int[] owners;

    private VNodeTable(String[] nodes, long[] positions, int[] owners) {
        this.nodes = nodes;
        this.positions = positions;
        this.owners = owners;
    }

    /**
     * Places {@code vnodes * weight} vnodes per node at the hashes of {@code "id#0"},
     * {@code "id#1"}, ...: a node's positions depend on nothing but its id, so adding or removing
     * one node moves only the arcs that node gains or loses.
     */
    static VNodeTable build(HashFunction hash, int vnodes, SortedMap<String, Integer> weights) {
        String[] nodes = weights.keySet().toArray(String[]::new);
        int total = 0;
        for (int weight : weights.values()) {
            total += weight * vnodes;
        }
        long[] packed = new long[total * 2];
        int n = 0;
        int node = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            for (int i = 0, count = e.getValue() * vnodes; i < count; i++) {
                byte[] label = (e.getKey() + "#" + i).getBytes(StandardCharsets.UTF_8);
                // hash(), not position(): a '{' in a node id must not collapse its vnodes
                packed[2 * n] = hash.hash(label, 0, label.length);
                packed[2 * n + 1] = node;
                n++;
            }
            node++;
        }
        return sorted(nodes, packed, n);
    }

    private static VNodeTable sorted(String[] nodes, long[] packed, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // ties (a 2^-64 event per pair) go to the smaller node id, whatever the insertion order
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> packed[2 * i])
                .thenComparingLong(i -> packed[2 * i + 1]));
        long[] positions = new long[n];
        int[] owners = new int[n];
        int kept = 0;
        for (int k = 0; k < n; k++) {
            long position = packed[2 * order[k]];
            if (kept > 0 && positions[kept - 1] == position) {
                continue;
            }
            positions[kept] = position;
            owners[kept] = (int) packed[2 * order[k] + 1];
            kept++;
        }
        return new VNodeTable(nodes, Arrays.copyOf(positions, kept), Arrays.copyOf(owners, kept));
    }

    int size() {
        return positions.length;
    }

    /** @return the vnode whose arc holds {@code position}: the first at or after it, wrapping */
    int indexOf(long position) {
        int found = Arrays.binarySearch(positions, position);
        int index = found >= 0 ? found : -found - 1;
        return index == positions.length ? 0 : index;
    }

    /** @return the node index owning {@code position} */
    int ownerOf(long position) {
        return owners[indexOf(position)];
    }

    /**
     * Walks clockwise from vnode {@code start}, collecting distinct nodes.
     *
     * @param out receives node indexes, primary first; its length is the replication factor
     * @return how many were found: {@code min(out.length, nodes.length)}
     */
    int preference(int start, int[] out) {
        int wanted = Math.min(out.length, nodes.length);
        int found = 0;
        for (int step = 0, n = positions.length; step < n && found < wanted; step++) {
            int owner = owners[(start + step) % n];
            if (!contains(out, found, owner)) {
                out[found++] = owner;
            }
        }
        return found;
    }

    /** @return {@link #preference} as node ids */
    List<String> preferenceIds(int start, int[] scratch) {
        int found = preference(start, scratch);
        String[] ids = new String[found];
        for (int k = 0; k < found; k++) {
            ids[k] = nodes[scratch[k]];
        }
        return List.of(ids);
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** @return the start (exclusive) of vnode {@code i}'s arc: the previous vnode's position */
    long arcStart(int i) {
        return positions[(i == 0 ? positions.length : i) - 1];
    }
}
