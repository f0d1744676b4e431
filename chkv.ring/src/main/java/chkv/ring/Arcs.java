package chkv.ring;

import chkv.api.HashRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Merges neighbouring arcs that carry the same value, including across the wrap point. */
final class Arcs {

    /** An arc {@code (start, end]} tagged with a value (an owner list, a change, a flag). */
    record Arc<T>(long start, long end, T value) {
        HashRange range() {
            return new HashRange(start, end);
        }
    }

    private Arcs() {}

    /**
     * @param inRingOrder arcs sorted clockwise, not overlapping (gaps are allowed)
     * @return the same positions in the fewest arcs: neighbours that touch and carry equal values
     *     are joined; an arc that ends up covering the whole ring has {@code start == end}
     */
    static <T> List<Arc<T>> merge(List<Arc<T>> inRingOrder) {
        List<Arc<T>> merged = new ArrayList<>();
        for (Arc<T> arc : inRingOrder) {
            int last = merged.size() - 1;
            if (last >= 0 && joins(merged.get(last), arc)) {
                merged.set(last, new Arc<>(merged.get(last).start, arc.end, arc.value));
            } else {
                merged.add(arc);
            }
        }
        int last = merged.size() - 1;
        if (last > 0 && joins(merged.get(last), merged.getFirst())) {
            merged.set(0, new Arc<>(merged.get(last).start, merged.getFirst().end, merged.getFirst().value));
            merged.remove(last);
        }
        return merged;
    }

    private static boolean joins(Arc<?> before, Arc<?> after) {
        return before.end == after.start && Objects.equals(before.value, after.value);
    }

    /** @return the ranges of the arcs, in order */
    static List<HashRange> ranges(List<? extends Arc<?>> arcs) {
        return arcs.stream().map(Arc::range).toList();
    }
}
