package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.cluster.ClusterMessage.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverMarksTest {

    private final Handover handover = new Handover(List.of(new Transfer(0, 0, "127.0.0.1:2", "127.0.0.1", 2)));

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void writtenKeys_areTakenOnce() {
        handover.written(key("a"));
        handover.written(key("b"));
        handover.written(key("a"));

        assertThat(handover.takeWritten(10)).containsExactlyInAnyOrder(key("a"), key("b"));
        assertThat(handover.takeWritten(10)).isEmpty();
    }

    /** A deleted key the failed attempt took would otherwise never reach the new owner as deleted. */
    @Test
    void afterAFailedAttempt_theKeysItTookAreSentAgain() {
        handover.written(key("deleted"));
        handover.written(key("changed"));
        assertThat(handover.takeWritten(1)).hasSize(1);
        assertThat(handover.takeWritten(1)).hasSize(1);
        handover.written(key("later"));

        handover.retryTaken();

        assertThat(handover.writtenCount()).isEqualTo(3);
        assertThat(handover.takeWritten(10)).containsExactlyInAnyOrder(key("deleted"), key("changed"), key("later"));
        handover.retryTaken();
        assertThat(handover.takeWritten(10)).as("taken again by the next attempt, so sent again if it fails too")
                .containsExactlyInAnyOrder(key("deleted"), key("changed"), key("later"));
    }
}
