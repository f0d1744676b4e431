package chkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    /** The key's first eight bytes as its position: a test can aim a key at any slot. */
    private static final HashFunction FIRST_BYTES = (data, offset, length) -> {
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (i < length ? data[offset + i] & 0xff : 0);
        }
        return h;
    };

    private static Member member(int port, MemberState state) {
        return new Member(Member.idOf("127.0.0.1", port), "127.0.0.1", port, 0, state, 1);
    }

    private static Topology topology(Member... members) {
        return new Topology(7, "cache", 1, 16, "murmur3", List.of(members));
    }

    @Test
    void slot_isTheTop14BitsOfThePosition_unsigned() {
        assertThat(Slots.of(0)).isZero();
        assertThat(Slots.of(Long.MAX_VALUE)).isEqualTo(8_191);
        assertThat(Slots.of(Long.MIN_VALUE)).isEqualTo(8_192);
        assertThat(Slots.of(-1L)).isEqualTo(16_383);
        assertThat(Slots.of(1L << 50)).isEqualTo(1);
        assertThat(Slots.of((1L << 50) - 1)).isZero();
    }

    @Test
    void moved_namesTheSlotAndTheOwnersRespAddress() {
        assertThat(Slots.moved(3L << 50, member(7381, MemberState.UP))).isEqualTo("MOVED 3 127.0.0.1:7381");
    }

    @Test
    void members_areSortedById_andADuplicateIsRefused() {
        Topology t = topology(member(7382, MemberState.UP), member(7381, MemberState.UP));
        assertThat(t.members()).extracting(Member::respPort).containsExactly(7381, 7382);
        assertThatThrownBy(() -> topology(member(7381, MemberState.UP), member(7381, MemberState.DEAD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void ring_holdsOnlyTheMembersThatOwnRanges() {
        Topology t = topology(member(1, MemberState.UP), member(2, MemberState.SUSPECT), member(3, MemberState.DEAD),
                member(4, MemberState.JOINING), member(5, MemberState.LEAVING));
        assertThat(t.ring(FIRST_BYTES).nodes()).containsExactly("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:5");
        assertThat(t.ring(FIRST_BYTES).epoch()).isEqualTo(7);
    }

    @Test
    void next_bumpsTheEpochOnly() {
        Topology t = topology(member(1, MemberState.UP));
        Topology n = t.next(List.of(member(1, MemberState.DEAD)));
        assertThat(n.epoch()).isEqualTo(8);
        assertThat(n.member("127.0.0.1:1")).hasValueSatisfying(m -> assertThat(m.state()).isEqualTo(MemberState.DEAD));
        assertThat(n).usingRecursiveComparison().ignoringFields("epoch", "members").isEqualTo(t);
    }

    @Test
    void placement_ownerAgreesWithTheRing() {
        Placement p = new Placement(topology(member(1, MemberState.UP), member(2, MemberState.UP)), FIRST_BYTES);
        for (int i = 0; i < 100; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            assertThat(p.owner(key).id()).isEqualTo(p.ring().owner(key));
        }
        assertThat(p.member("127.0.0.1:2").respPort()).isEqualTo(2);
        assertThat(p.member("nobody")).isNull();
    }
}
