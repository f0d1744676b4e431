package chkv.node.namenode;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The membership state machine: a pure function from a topology and a {@link Change} to the next
 * topology. A change that alters anything yields exactly the next epoch; one that alters nothing
 * (a second report of the same death, a rejoin at the same address) yields none, which is what
 * makes every change idempotent. It reads no clock and does no I/O, so that replaying a log, or a
 * consensus library applying replicated entries, reaches the same topology on every replica.
 */
final class Membership {

    /**
     * Placeholder settings of epoch 0, the state before the first {@link Change.Configure}; epoch
     * 0 is never published, so no process ever derives a ring from them.
     */
    private static final Topology INITIAL = new Topology(0, "unconfigured", 1, 1, "unconfigured", List.of());

    private Membership() {}

    /** @return the state before any change: epoch 0, no members */
    static Topology initial() {
        return INITIAL;
    }

    /**
     * @param current the topology the change applies to
     * @param change the command
     * @return the next epoch, or empty when the change alters nothing
     */
    static Optional<Topology> apply(Topology current, Change change) {
        return switch (change) {
            case Change.Configure c -> configure(current, c);
            case Change.AddMember(Member member) -> add(current, member);
            case Change.SetState(String id, var state) -> current.member(id)
                    .filter(m -> m.state() != state)
                    .map(m -> replaced(current, m.withState(state)));
            case Change.RemoveMember(String id) -> current.member(id).map(m -> current.next(
                    current.members().stream().filter(other -> !other.id().equals(id)).toList()));
            case Change.Settle s -> settle(current, s);
        };
    }

    /**
     * Replays a log: each entry must produce exactly the epoch it was logged with, or the log and
     * the state machine disagree and nothing built on the result could be trusted.
     *
     * @param start the state the entries apply to
     * @param entries the logged changes, in order
     * @return the topology they lead to
     * @throws IllegalStateException when an entry does not produce its epoch
     */
    static Topology replay(Topology start, List<Entry> entries) {
        Topology t = start;
        for (Entry e : entries) {
            Optional<Topology> next = apply(t, e.change());
            if (next.isEmpty() || next.get().epoch() != e.epoch()) {
                throw new IllegalStateException("replay: the change logged for epoch " + e.epoch() + " yields "
                        + next.map(n -> "epoch " + n.epoch()).orElse("no change") + " after epoch " + t.epoch()
                        + " (expected: exactly epoch " + e.epoch() + ")");
            }
            t = next.get();
        }
        return t;
    }

    /** @param epoch the epoch the change produced @param change the command, as logged */
    record Entry(long epoch, Change change) {}

    private static Optional<Topology> configure(Topology current, Change.Configure c) {
        if (current.mode().equals(c.mode()) && current.replicas() == c.replicas()
                && current.vnodes() == c.vnodes() && current.hash().equals(c.hash())) {
            return Optional.empty();
        }
        return Optional.of(new Topology(current.epoch() + 1, c.mode(), c.replicas(), c.vnodes(), c.hash(),
                current.members()));
    }

    private static Optional<Topology> add(Topology current, Member member) {
        Optional<Member> existing = current.member(member.id());
        if (existing.isPresent()) {
            return existing.get().equals(member) ? Optional.empty() : Optional.of(replaced(current, member));
        }
        List<Member> next = new ArrayList<>(current.members());
        next.add(member);
        return Optional.of(current.next(next));
    }

    private static Optional<Topology> settle(Topology current, Change.Settle s) {
        List<Member> next = new ArrayList<>();
        boolean changed = false;
        for (Member m : current.members()) {
            if (m.state() == MemberState.JOINING && s.joined().contains(m.id())) {
                next.add(m.withState(MemberState.UP));
                changed = true;
            } else if (m.state() == MemberState.LEAVING && s.left().contains(m.id())) {
                changed = true;
            } else {
                next.add(m);
            }
        }
        return changed ? Optional.of(current.next(next)) : Optional.empty();
    }

    private static Topology replaced(Topology current, Member member) {
        return current.next(current.members().stream()
                .map(m -> m.id().equals(member.id()) ? member : m).toList());
    }
}
