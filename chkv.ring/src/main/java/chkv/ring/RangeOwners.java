package chkv.ring;

import chkv.api.HashRange;
import java.util.List;

/**
 * A range of the ring and the distinct nodes that hold it, clockwise from its end.
 *
 * @param range the positions
 * @param owners the preference list: the primary first, then the replicas
 */
public record RangeOwners(HashRange range, List<String> owners) {

    /** Copies the list. */
    public RangeOwners {
        owners = List.copyOf(owners);
    }

    /** @return the primary owner, or {@code null} when the list is empty */
    public String primary() {
        return owners.isEmpty() ? null : owners.getFirst();
    }
}
