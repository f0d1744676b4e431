package chkv.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes a {@link RingDiff}: cuts the ring at every vnode position of both rings, so each piece
 * lies inside one arc of each ring, and compares the two preference lists piece by piece.
 */
final class Differ {

    private record Lists(List<String> before, List<String> after) {}

    private Differ() {}

    static RingDiff diff(Ring before, Ring after, int rf) {
        long[] cuts = cuts(before.table().positions, after.table().positions);
        int[] scratch = new int[rf];
        List<Arcs.Arc<Lists>> changed = new ArrayList<>();
        for (int k = 0; k < cuts.length; k++) {
            long end = cuts[k];
            List<String> was = lookup(before, end, scratch);
            List<String> is = lookup(after, end, scratch);
            if (!was.equals(is)) {
                long start = cuts[(k == 0 ? cuts.length : k) - 1];
                changed.add(new Arcs.Arc<>(start, end, new Lists(was, is)));
            }
        }
        List<RangeChange> changes = Arcs.merge(changed).stream()
                .map(a -> new RangeChange(a.range(), a.value().before(), a.value().after()))
                .toList();
        return new RingDiff(before.epoch(), after.epoch(), rf, changes);
    }

    private static List<String> lookup(Ring ring, long position, int[] scratch) {
        VNodeTable table = ring.table();
        return ring.isEmpty() ? List.of() : table.preferenceIds(table.indexOf(position), scratch);
    }

    /** @return the sorted, distinct union of both position arrays (each already sorted) */
    private static long[] cuts(long[] a, long[] b) {
        long[] union = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || union[n - 1] != next) {
                union[n++] = next;
            }
        }
        return Arrays.copyOf(union, n);
    }
}
