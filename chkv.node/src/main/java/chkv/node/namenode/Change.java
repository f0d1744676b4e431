package chkv.node.namenode;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import java.util.List;
import java.util.Objects;

/**
 * One command of the membership state machine. The NameNode logs each command that changes the
 * topology before it publishes the epoch the command produced, and replays them in order on
 * restart; the same commands, replicated, are what a consensus log would carry.
 */
sealed interface Change {

    /**
     * Sets the cluster-wide settings every process derives the ring from.
     *
     * @param mode {@code cache} or {@code database}
     * @param replicas the replication factor
     * @param vnodes virtual nodes per unit of weight
     * @param hash the name of the hash function
     */
    record Configure(String mode, int replicas, int vnodes, String hash) implements Change {
        public Configure {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * Adds a member, or replaces the one with its id (a rejoin: same address, maybe a new weight
     * or control port, and the state it rejoins in).
     *
     * @param member the member as it should stand
     */
    record AddMember(Member member) implements Change {
        public AddMember {
            Objects.requireNonNull(member, "member");
        }
    }

    /** @param memberId the member @param state the state it takes */
    record SetState(String memberId, MemberState state) implements Change {
        public SetState {
            Objects.requireNonNull(memberId, "memberId");
            Objects.requireNonNull(state, "state");
        }
    }

    /** @param memberId the member that leaves the cluster */
    record RemoveMember(String memberId) implements Change {
        public RemoveMember {
            Objects.requireNonNull(memberId, "memberId");
        }
    }

    /**
     * Ends the hand-overs of a plan: the joining members it names own their ranges from this
     * epoch on, and the leaving ones it names are out. Members no longer in those states (dead
     * meanwhile) are left as they are.
     *
     * @param joined members that were joining
     * @param left members that were leaving
     */
    record Settle(List<String> joined, List<String> left) implements Change {
        public Settle {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
        }
    }
}
