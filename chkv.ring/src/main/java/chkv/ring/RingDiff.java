package chkv.ring;

import java.util.ArrayList;
import java.util.List;

/**
 * Exactly which ranges change owners between two rings, for a replication factor. Ranges whose
 * preference list is the same in both rings are absent.
 *
 * @param fromEpoch the old ring's epoch
 * @param toEpoch the new ring's epoch
 * @param replicationFactor how many distinct owners each preference list has (at most)
 * @param changes the changed ranges, clockwise from {@link Long#MIN_VALUE}, neighbours with the
 *     same change merged
 */
public record RingDiff(long fromEpoch, long toEpoch, int replicationFactor, List<RangeChange> changes) {

    /** Copies the list. */
    public RingDiff {
        changes = List.copyOf(changes);
    }

    /** @return whether no range changes owners */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The copies that make the new ring hold every range: for each changed range, one move per
     * {@linkplain RangeChange#added() added} node, from the range's old primary. Ranges that had
     * no owner (the old ring was empty) hold no data and yield no move.
     *
     * @return the moves, in the order of {@link #changes()}
     */
    public List<RangeMove> moves() {
        List<RangeMove> moves = new ArrayList<>();
        for (RangeChange change : changes) {
            if (change.before().isEmpty()) {
                continue;
            }
            for (String to : change.added()) {
                moves.add(new RangeMove(change.range(), change.before().getFirst(), to));
            }
        }
        return List.copyOf(moves);
    }
}
