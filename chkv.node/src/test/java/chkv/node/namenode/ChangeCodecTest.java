package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of change survives its bytes; bytes that are not one whole change are refused. */
class ChangeCodecTest {

    @Test
    void decode_encodedChange_equalsIt() {
        List<Change> changes = List.of(new Change.Configure("database", 3, 256, "xxhash64"),
                new Change.AddMember(new Member("h:7380", "h", 7380, 0, MemberState.JOINING, 7)),
                new Change.SetState("h:7380", MemberState.DEAD), new Change.RemoveMember("h:7380"));
        for (Change c : changes) {
            assertThat(ChangeCodec.decode(ChangeCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void decodeSnapshot_encodedTopology_equalsIt() {
        Topology t = new Topology(17, "database", 2, 128, "murmur3", List.of(
                new Member("a:1", "a", 1, 2, MemberState.UP, 1), new Member("b:1", "b", 1, 0, MemberState.DEAD, 4)));
        byte[] bytes = ChangeCodec.encodeSnapshot(t);
        assertThat(ChangeCodec.isSnapshot(bytes)).isTrue();
        assertThat(ChangeCodec.decodeSnapshot(17, bytes)).isEqualTo(t);
        assertThat(ChangeCodec.isSnapshot(ChangeCodec.encode(new Change.RemoveMember("a:1")))).isFalse();
        assertThatThrownBy(() -> ChangeCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a snapshot (expected: a change)");
    }

    @Test
    void decode_unknownKind_fails() {
        assertThatThrownBy(() -> ChangeCodec.decode(new byte[] {9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("change kind: 9");
    }

    @Test
    void decode_truncatedOrTrailingBytes_fails() {
        byte[] bytes = ChangeCodec.encode(new Change.RemoveMember("h:7380"));
        assertThatThrownBy(() -> ChangeCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ChangeCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 bytes after its end");
    }
}
