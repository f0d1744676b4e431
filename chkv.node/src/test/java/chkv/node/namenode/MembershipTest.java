package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The membership state machine: one epoch per change that alters something, none otherwise. */
class MembershipTest {
    private static final Change CONFIGURE = new Change.Configure("cache", 1, 64, "murmur3");

    private static Member member(int port) {
        return new Member(Member.idOf("10.0.0.1", port), "10.0.0.1", port, port + 1, MemberState.UP, 1);
    }

    private static Topology configured() {
        return Membership.apply(Membership.initial(), CONFIGURE).orElseThrow();
    }

    @Test
    void configure_fromInitial_publishesEpochOne() {
        Topology t = configured();
        assertThat(t.epoch()).isEqualTo(1);
        assertThat(t.mode()).isEqualTo("cache");
        assertThat(t.vnodes()).isEqualTo(64);
        assertThat(Membership.apply(t, CONFIGURE)).isEmpty();
        assertThat(Membership.apply(t, new Change.Configure("cache", 2, 64, "murmur3")))
                .hasValueSatisfying(n -> assertThat(n.epoch()).isEqualTo(2));
    }

    @Test
    void addMember_newMember_nextEpochWithIt() {
        Topology t = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        assertThat(t.epoch()).isEqualTo(2);
        assertThat(t.members()).containsExactly(member(7380));
    }

    @Test
    void addMember_sameMemberAgain_noNewEpoch() {
        Topology t = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        assertThat(Membership.apply(t, new Change.AddMember(member(7380)))).isEmpty();
    }

    @Test
    void addMember_rejoinAfterDeath_upAgainInOneEpoch() {
        Topology joined = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        Topology dead = Membership.apply(joined, new Change.SetState(member(7380).id(), MemberState.DEAD)).orElseThrow();
        Topology back = Membership.apply(dead, new Change.AddMember(member(7380))).orElseThrow();
        assertThat(back.epoch()).isEqualTo(dead.epoch() + 1);
        assertThat(back.members()).containsExactly(member(7380));
        assertThat(Membership.apply(back, new Change.AddMember(member(7380)))).isEmpty();
    }

    @Test
    void addMember_rejoinWithNewWeight_replacesInOneEpoch() {
        Topology t = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        Member heavier = new Member(member(7380).id(), "10.0.0.1", 7380, 7381, MemberState.UP, 3);
        Topology next = Membership.apply(t, new Change.AddMember(heavier)).orElseThrow();
        assertThat(next.epoch()).isEqualTo(t.epoch() + 1);
        assertThat(next.members()).containsExactly(heavier);
    }

    @Test
    void setState_deadReportedManyTimes_oneEpoch() {
        Topology t = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        Change death = new Change.SetState(member(7380).id(), MemberState.DEAD);
        Topology dead = Membership.apply(t, death).orElseThrow();
        assertThat(dead.epoch()).isEqualTo(t.epoch() + 1);
        assertThat(dead.member(member(7380).id())).hasValueSatisfying(m -> assertThat(m.state()).isEqualTo(MemberState.DEAD));
        assertThat(dead.ringMembers()).isEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(Membership.apply(dead, death)).isEmpty();
        }
    }

    @Test
    void setState_unknownMember_nothing() {
        assertThat(Membership.apply(configured(), new Change.SetState("nobody:1", MemberState.DEAD))).isEmpty();
    }

    @Test
    void removeMember_member_nextEpochWithoutIt() {
        Topology t = Membership.apply(configured(), new Change.AddMember(member(7380))).orElseThrow();
        t = Membership.apply(t, new Change.AddMember(member(7390))).orElseThrow();
        Topology left = Membership.apply(t, new Change.RemoveMember(member(7380).id())).orElseThrow();
        assertThat(left.epoch()).isEqualTo(t.epoch() + 1);
        assertThat(left.members()).containsExactly(member(7390));
        assertThat(Membership.apply(left, new Change.RemoveMember(member(7380).id()))).isEmpty();
    }

    @Test
    void apply_randomChanges_epochsIncreaseByExactlyOnePerChange() {
        Random random = new Random(42);
        Topology t = configured();
        for (int i = 0; i < 2_000; i++) {
            Change c = randomChange(random);
            Optional<Topology> next = Membership.apply(t, c);
            if (next.isPresent()) {
                assertThat(next.get().epoch()).isEqualTo(t.epoch() + 1);
                assertThat(next.get()).isNotEqualTo(t.next(t.members()));
                t = next.get();
            } else {
                assertThat(Membership.apply(t, c)).as("a change that alters nothing, again").isEmpty();
            }
        }
        assertThat(t.epoch()).isGreaterThan(100);
    }

    @Test
    void replay_sameEntries_sameTopology() {
        Random random = new Random(7);
        Topology t = Membership.initial();
        List<Membership.Entry> entries = new ArrayList<>();
        for (Change c : List.of(CONFIGURE, new Change.AddMember(member(7380)))) {
            t = Membership.apply(t, c).orElseThrow();
            entries.add(new Membership.Entry(t.epoch(), c));
        }
        for (int i = 0; i < 500; i++) {
            Change c = randomChange(random);
            Optional<Topology> next = Membership.apply(t, c);
            if (next.isPresent()) {
                t = next.get();
                entries.add(new Membership.Entry(t.epoch(), c));
            }
        }
        assertThat(Membership.replay(Membership.initial(), entries)).isEqualTo(t);
        assertThat(Membership.replay(Membership.initial(), entries)).isEqualTo(t);
    }

    @Test
    void replay_entryLoggedWithAnotherEpoch_fails() {
        List<Membership.Entry> entries = List.of(new Membership.Entry(1, CONFIGURE),
                new Membership.Entry(3, new Change.AddMember(member(7380))));
        assertThatThrownBy(() -> Membership.replay(Membership.initial(), entries))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoch 3 yields epoch 2");
    }

    @Test
    void replay_entryThatChangesNothing_fails() {
        List<Membership.Entry> entries = List.of(new Membership.Entry(1, CONFIGURE), new Membership.Entry(2, CONFIGURE));
        assertThatThrownBy(() -> Membership.replay(Membership.initial(), entries))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("yields no change");
    }

    private static Change randomChange(Random random) {
        Member m = member(7380 + 10 * random.nextInt(6));
        return switch (random.nextInt(4)) {
            case 0 -> new Change.AddMember(m);
            case 1 -> new Change.SetState(m.id(), MemberState.DEAD);
            case 2 -> new Change.RemoveMember(m.id());
            default -> new Change.Configure("cache", 1 + random.nextInt(2), 64, "murmur3");
        };
    }
}
