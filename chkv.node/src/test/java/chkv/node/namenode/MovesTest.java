package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.cluster.ClusterMessage;
import chkv.cluster.ClusterMessage.Transfer;
import chkv.testing.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MovesTest {
    private static final Transfer TO_D = new Transfer(0, 100, "d", "127.0.0.1", 9000);
    private static final Transfer TO_D_TOO = new Transfer(200, 300, "d", "127.0.0.1", 9000);
    private static final MovePlan JOIN = new MovePlan(Map.of("a", List.of(TO_D), "b", List.of(TO_D_TOO)),
            List.of("d"), List.of());

    private final FakeClock clock = new FakeClock();
    private final List<String> sent = new ArrayList<>();
    private final Moves moves = new Moves(clock, (to, message) -> sent.add(to + " " + name(message)));

    @Test
    void replan_ordersEachSource_andNothingIsDoneUntilTheyReport() {
        moves.replan(JOIN, 5);
        assertThat(sent).containsExactlyInAnyOrder("a MoveOrder@5", "b MoveOrder@5");
        assertThat(moves.done()).isFalse();
        assertThat(moves.statuses()).extracting(ClusterMessage.MoveStatus::keysLeft).containsOnly(-1L);
    }

    @Test
    void everySourceCaughtUp_finishesThemTogether_thenDoneSettles() {
        moves.replan(JOIN, 5);
        sent.clear();
        assertThat(moves.progress(report("a", 5, true, false))).isFalse();
        assertThat(sent).as("one source caught up: nobody finishes yet").isEmpty();
        moves.progress(report("b", 5, true, false));
        assertThat(sent).containsExactlyInAnyOrder("a MoveFinish@5", "b MoveFinish@5");
        assertThat(moves.progress(report("a", 5, true, true))).isTrue();
        assertThat(moves.done()).isFalse();
        assertThat(moves.progress(report("b", 5, true, true))).isTrue();
        assertThat(moves.done()).isTrue();
    }

    @Test
    void reportOnAReplacedOrder_isIgnored() {
        moves.replan(JOIN, 5);
        MovePlan changed = new MovePlan(Map.of("a", List.of(TO_D, TO_D_TOO)), List.of("d"), List.of());
        moves.replan(changed, 6);
        assertThat(sent).contains("a MoveOrder@6", "b MoveOrder@6"); // b's order is cancelled
        assertThat(moves.progress(report("a", 5, true, true))).as("a report on epoch 5's order").isFalse();
        assertThat(moves.done()).isFalse();
        assertThat(moves.progress(report("a", 6, true, true))).isTrue();
        assertThat(moves.done()).isTrue();
    }

    @Test
    void sameTransfers_keepGoing_andAReconnectedSourceGetsItsOrderAgain() {
        moves.replan(JOIN, 5);
        sent.clear();
        moves.replan(JOIN, 7); // another change that leaves the plan as it was
        assertThat(sent).isEmpty();
        moves.reconnected("a");
        assertThat(sent).containsExactly("a MoveOrder@5");
    }

    @Test
    void statuses_showBytesPerSecondBetweenReports() {
        moves.replan(JOIN, 5);
        moves.progress(new ClusterMessage.MoveProgress(5, "a", 1, 10, 1_000, 90, false, false));
        clock.advance(500);
        moves.progress(new ClusterMessage.MoveProgress(5, "a", 1, 20, 3_000, 80, false, false));
        ClusterMessage.MoveStatus a = moves.statuses().stream().filter(s -> s.memberId().equals("a")).findFirst()
                .orElseThrow();
        assertThat(a.bytesPerSecond()).isEqualTo(4_000);
        assertThat(a.keysSent()).isEqualTo(20);
        assertThat(a.keysLeft()).isEqualTo(80);
    }

    private static ClusterMessage.MoveProgress report(String source, long epoch, boolean caughtUp, boolean done) {
        return new ClusterMessage.MoveProgress(epoch, source, 1, 10, 100, done ? 0 : 1, caughtUp, done);
    }

    private static String name(ClusterMessage message) {
        return switch (message) {
            case ClusterMessage.MoveOrder o -> "MoveOrder@" + o.epoch();
            case ClusterMessage.MoveFinish f -> "MoveFinish@" + f.epoch();
            default -> message.getClass().getSimpleName();
        };
    }
}
