package chkv.ring;

import chkv.api.HashRange;
import java.util.ArrayList;
import java.util.List;

/**
 * A range whose preference list differs between two rings.
 *
 * @param range the positions
 * @param before the preference list in the old ring (empty when that ring was empty)
 * @param after the preference list in the new ring (empty when that ring is empty)
 */
public record RangeChange(HashRange range, List<String> before, List<String> after) {

    /** Copies the lists. */
    public RangeChange {
        before = List.copyOf(before);
        after = List.copyOf(after);
    }

    /** @return the nodes that must receive the range: in {@code after}, not in {@code before} */
    public List<String> added() {
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        return List.copyOf(added);
    }

    /** @return the nodes that may drop the range: in {@code before}, not in {@code after} */
    public List<String> removed() {
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        return List.copyOf(removed);
    }

    /** @return whether the primary owner changes (a replica may only have been reordered) */
    public boolean primaryChanged() {
        String was = before.isEmpty() ? null : before.getFirst();
        String is = after.isEmpty() ? null : after.getFirst();
        return was == null ? is != null : !was.equals(is);
    }
}
