package chkv.cluster;

import chkv.api.spi.HashFunction;
import chkv.ring.Ring;
import chkv.ring.RingBuilder;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One epoch of the cluster as the NameNode publishes it: the settings every process derives the
 * ring from, and the members with their addresses and states, never the ring's tokens. Epochs
 * only grow; a process never applies a topology older than the one it holds.
 *
 * @param epoch the version, increasing with every change of membership or state
 * @param mode {@code cache} or {@code database}
 * @param replicas the replication factor
 * @param vnodes virtual nodes per unit of weight
 * @param hash the name of the hash function placing keys
 * @param members the DataNodes, sorted by id
 */
public record Topology(long epoch, String mode, int replicas, int vnodes, String hash, List<Member> members) {

    /** Validates; sorts and copies the members. */
    public Topology {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hash, "hash");
        if (epoch < 0 || replicas < 1 || vnodes < 1) {
            throw new IllegalArgumentException("topology: epoch " + epoch + ", replicas " + replicas + ", vnodes "
                    + vnodes + " (expected: epoch >= 0, replicas and vnodes >= 1)");
        }
        members = members.stream().sorted(Comparator.comparing(Member::id)).toList();
        for (int i = 1; i < members.size(); i++) {
            if (members.get(i).id().equals(members.get(i - 1).id())) {
                throw new IllegalArgumentException("topology: member " + members.get(i).id()
                        + " twice (expected: one entry per member)");
            }
        }
    }

    /** @param id a member id @return that member, if it is one */
    public Optional<Member> member(String id) {
        for (Member m : members) {
            if (m.id().equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** @return the members that own ranges in this epoch */
    public List<Member> ringMembers() {
        return members.stream().filter(m -> m.state().inRing()).toList();
    }

    /**
     * @param hashFunction the function named by {@link #hash()}
     * @return the ring of this epoch: its ring members with their weights; empty without any
     */
    public Ring ring(HashFunction hashFunction) {
        RingBuilder builder = Ring.builder(hashFunction).vnodes(vnodes).epoch(epoch);
        for (Member m : ringMembers()) {
            builder.node(m.id(), m.weight());
        }
        return builder.build();
    }

    /**
     * @return the members that will own ranges once the hand-overs in flight are done: those of
     *     the ring that are not leaving, and the joining ones
     */
    public List<Member> settledMembers() {
        return members.stream().filter(m -> m.state().inRing() && m.state() != MemberState.LEAVING
                || m.state() == MemberState.JOINING).toList();
    }

    /** @return whether some member is joining or leaving, so ranges are to move */
    public boolean unsettled() {
        return members.stream().anyMatch(m -> m.state() == MemberState.JOINING || m.state() == MemberState.LEAVING);
    }

    /**
     * @param hashFunction the function named by {@link #hash()}
     * @return the ring once every hand-over in flight is done: of the {@linkplain #settledMembers()
     *     settled members}; the same as {@link #ring} when nothing moves
     */
    public Ring settledRing(HashFunction hashFunction) {
        RingBuilder builder = Ring.builder(hashFunction).vnodes(vnodes).epoch(epoch + 1);
        for (Member m : settledMembers()) {
            builder.node(m.id(), m.weight());
        }
        return builder.build();
    }

    /**
     * @param next the next epoch's members
     * @return the topology of the next epoch with these members and the same settings
     */
    public Topology next(List<Member> next) {
        return new Topology(epoch + 1, mode, replicas, vnodes, hash, next);
    }
}
