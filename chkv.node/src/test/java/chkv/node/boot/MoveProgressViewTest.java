package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.cluster.ClusterMessage.MoveStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MoveProgressViewTest {
    private final StringWriter text = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000);

    private MoveProgressView view(boolean terminal) {
        return new MoveProgressView(new PrintWriter(text), terminal, "joining 127.0.0.1:7383", "received", now::get);
    }

    private static MoveStatus move(String source, int ranges, long keys, long bytes, long left, long rate, boolean done) {
        return new MoveStatus(source, 7, ranges, keys, bytes, left, rate, done);
    }

    @Test
    void totals_severalSources_sumRangesKeysBytesLeftAndRate() {
        MoveProgressView.Totals t = MoveProgressView.Totals.of(List.of(
                move("a:1", 3, 100, 10_000, 300, 2_048, false), move("b:2", 5, 200, 20_000, 400, 1_024, false)));

        assertThat(t).isEqualTo(new MoveProgressView.Totals(2, 8, 300, 30_000, 700, 3_072, false));
        assertThat(t.fraction()).isEqualTo(0.3);
    }

    @Test
    void totals_aSourceNotCountedYet_leavesTheKeysLeftUnknown() {
        MoveProgressView.Totals t = MoveProgressView.Totals.of(List.of(
                move("a:1", 3, 100, 10_000, 300, 0, false), move("b:2", 5, 0, 0, -1, 0, false)));

        assertThat(t.keysLeft()).isEqualTo(-1);
        assertThat(t.fraction()).isEqualTo(-1);
        assertThat(MoveProgressView.bar(t)).isEqualTo("[" + " ".repeat(30) + "]   ?%");
    }

    @Test
    void totals_everySourceDone_isWholeWithNothingLeftAndNoRate() {
        MoveProgressView.Totals t = MoveProgressView.Totals.of(List.of(
                move("a:1", 3, 100, 10_000, 0, 5_000, true), move("b:2", 5, 200, 20_000, 3, 5_000, true)));

        assertThat(t.done()).isTrue();
        assertThat(t.keysLeft()).isZero();
        assertThat(t.bytesPerSecond()).isZero();
        assertThat(MoveProgressView.bar(t)).isEqualTo("[" + "#".repeat(30) + "] 100%");
    }

    @Test
    void totals_oneSourceDone_countsNothingLeftNorRateForIt() {
        MoveProgressView.Totals t = MoveProgressView.Totals.of(List.of(
                move("a:1", 3, 100, 10_000, 7, 5_000, true), move("b:2", 5, 100, 20_000, 100, 1_000, false)));

        assertThat(t.done()).isFalse();
        assertThat(t.keysLeft()).isEqualTo(100);
        assertThat(t.bytesPerSecond()).isEqualTo(1_000);
        assertThat(MoveProgressView.bar(t)).isEqualTo("[" + "#".repeat(20) + " ".repeat(10) + "]  67%");
    }

    @Test
    void show_notATerminal_printsAPlainLineAtOnce_thenAtMostOneEveryTwoSeconds() {
        MoveProgressView view = view(false);
        List<MoveStatus> moves = List.of(move("a:1", 3, 100, 10_240, 300, 2_048, false),
                move("b:2", 1, 100, 10_240, 100, 1_024, false));

        view.show(moves);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_999));
        view.show(moves);
        view.waiting("joining, waiting for the hand-over to start");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        view.show(List.of(move("a:1", 3, 400, 40_960, 0, 0, true), move("b:2", 1, 200, 20_480, 0, 0, true)));
        view.finish("joined: 600 keys (60.00K) received in 2.0 s");

        assertThat(text.toString().lines().toList()).containsExactly(
                "joining 127.0.0.1:7383:  33% 200 keys (20.00K) received, 400 keys (~40.00K) left, 3.00K/s, 4 ranges from 2 sources",
                "joining 127.0.0.1:7383: 100% 600 keys (60.00K) received, 0 keys left, 0B/s, 4 ranges from 2 sources",
                "joined: 600 keys (60.00K) received in 2.0 s");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void show_onATerminal_redrawsOneBarInPlace_andFinishStartsANewLine() {
        MoveProgressView view = view(true);

        view.waiting("joining, waiting for the hand-over to start");
        view.show(List.of(move("a:1", 2, 50, 5_000, 150, 1_000, false)));
        view.show(List.of(move("a:1", 2, 200, 20_000, 0, 0, true)));
        view.finish("joined: 200 keys (19.53K) received in 0.4 s");

        assertThat(text.toString()).isEqualTo(
                "\rjoining 127.0.0.1:7383: joining, waiting for the hand-over to start\033[K"
                + "\rjoining 127.0.0.1:7383 [########                      ]  25% 50 keys (4.88K) received, "
                + "150 keys (~14.65K) left, 1000B/s, 2 ranges from 1 source\033[K"
                + "\rjoining 127.0.0.1:7383 [##############################] 100% 200 keys (19.53K) received, "
                + "0 keys left, 0B/s, 2 ranges from 1 source\033[K"
                + System.lineSeparator() + "joined: 200 keys (19.53K) received in 0.4 s" + System.lineSeparator());
    }

    @Test
    void last_keepsTheSumsOfTheLastReportThatListedASource() {
        MoveProgressView view = view(false);
        assertThat(view.last()).isEqualTo(MoveProgressView.Totals.NONE);

        view.show(List.of(move("a:1", 2, 50, 5_000, 150, 1_000, false)));
        view.show(List.of());

        assertThat(view.last().keys()).isEqualTo(50);
    }

    @Test
    void keysAndBytes_theNodeHoldsMoreThanLastReported_growsTheBytesByTheAverageEntry() {
        MoveProgressView.Totals seen = new MoveProgressView.Totals(2, 4, 1_000, 102_400, 10, 0, false);

        assertThat(MoveProgressView.keysAndBytes(seen, 2_000)).isEqualTo("2000 keys (200.00K)");
        assertThat(MoveProgressView.keysAndBytes(seen, 500)).isEqualTo("1000 keys (100.00K)");
        assertThat(MoveProgressView.keysAndBytes(MoveProgressView.Totals.NONE, 42)).isEqualTo("42 keys");
    }

    @Test
    void left_estimatesTheBytesFromTheAverageEntrySent() {
        assertThat(MoveProgressView.left(300, 100, 10_000)).isEqualTo("300 keys (~29.30K)");
        assertThat(MoveProgressView.left(300, 0, 0)).isEqualTo("300 keys");
        assertThat(MoveProgressView.left(0, 100, 10_000)).isEqualTo("0 keys");
        assertThat(MoveProgressView.left(-1, 100, 10_000)).isEqualTo("? keys");
    }

    @Test
    void moveLine_ofStatus_showsRangesKeysAndBytesSentAndLeft_andTheRate() {
        assertThat(StatusCommand.moveLine(move("127.0.0.1:7380", 12, 1_000, 102_400, 500, 51_200, false)))
                .isEqualTo("moving from 127.0.0.1:7380: 12 ranges, 1000 keys (100.00K) sent, 500 keys (~50.00K) left, "
                        + "50.00K/s");
        assertThat(StatusCommand.moveLine(move("127.0.0.1:7380", 12, 1_500, 153_600, 0, 0, true)))
                .isEqualTo("moving from 127.0.0.1:7380: 12 ranges, 1500 keys (150.00K) sent, 0 keys left, 0B/s, done");
    }

    @Test
    void end_withoutABarDrawn_printsNothing() {
        MoveProgressView view = view(true);
        view.end();
        assertThat(text.toString()).isEmpty();
    }
}
