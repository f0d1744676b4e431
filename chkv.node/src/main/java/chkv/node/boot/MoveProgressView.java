package chkv.node.boot;

import chkv.cluster.ClusterMessage.MoveStatus;
import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one progress format of a join's and a leave's hand-over, summed over every source: a bar
 * redrawn in place on a terminal, a plain line at most every two seconds otherwise (a log or a
 * pipe keeps a readable history instead of carriage returns).
 */
final class MoveProgressView {
    /** The least time between two plain lines. */
    static final long LINE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final String label;
    private final String verb;
    private final LongSupplier nanoTime;
    private long lastLineNanos;
    private boolean anyLine;
    private boolean drawn;
    private Totals last = Totals.NONE;

    /**
     * @param label what moves, first on every line ({@code joining 127.0.0.1:7383})
     * @param verb what happened to the keys from this side: {@code received} or {@code sent}
     * @param nanoTime a monotonic clock, so tests need not sleep
     */
    MoveProgressView(PrintWriter out, boolean terminal, String label, String verb, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.verb = verb;
        this.nanoTime = nanoTime;
    }

    /** @return whether standard output is a terminal, where a bar redrawn in place is readable */
    static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** The hand-overs of several sources, summed. */
    record Totals(int sources, int ranges, long keys, long bytes, long keysLeft, long bytesPerSecond, boolean done) {
        static final Totals NONE = new Totals(0, 0, 0, 0, -1, 0, false);

        /** @param moves one per source @return their sum; keys left is -1 while a source has not counted yet */
        static Totals of(List<MoveStatus> moves) {
            int ranges = 0;
            long keys = 0;
            long bytes = 0;
            long left = 0;
            long rate = 0;
            boolean done = !moves.isEmpty();
            for (MoveStatus m : moves) {
                ranges += m.ranges();
                keys += m.keysSent();
                bytes += m.bytesSent();
                left = left < 0 || m.keysLeft() < 0 ? -1 : left + (m.done() ? 0 : m.keysLeft());
                rate += m.done() ? 0 : m.bytesPerSecond();
                done &= m.done();
            }
            return new Totals(moves.size(), ranges, keys, bytes, done ? 0 : left, rate, done);
        }

        /** @return the share of the keys done, from 0 to 1, or -1 while unknown */
        double fraction() {
            if (done) {
                return 1;
            }
            if (keysLeft < 0) {
                return -1;
            }
            return keys + keysLeft == 0 ? 0 : (double) keys / (keys + keysLeft);
        }
    }

    /** @param moves the hand-overs in flight, one per source */
    void show(List<MoveStatus> moves) {
        Totals t = Totals.of(moves);
        if (t.sources() > 0) {
            last = t;
        }
        draw(terminal ? label + " " + bar(t) + " " + summary(t, verb) : label + ": " + percent(t) + " " + summary(t, verb));
    }

    /** @param state why nothing moves yet, shown as the progress for now */
    void waiting(String state) {
        draw(label + ": " + state);
    }

    /** @return the sums of the last report that listed a source, {@link Totals#NONE} before one */
    Totals last() {
        return last;
    }

    /** Ends the bar, if one is drawn, and prints {@code line} on a line of its own. */
    void finish(String line) {
        end();
        out.println(line);
        out.flush();
    }

    /** Ends the bar, if one is drawn, so that what follows starts on a new line. */
    void end() {
        if (drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }

    private void draw(String line) {
        if (terminal) {
            out.print("\r" + line + "\033[K"); // clears what a longer line before left
            drawn = true;
            out.flush();
            return;
        }
        long now = nanoTime.getAsLong();
        if (!anyLine || now - lastLineNanos >= LINE_INTERVAL_NANOS) {
            anyLine = true;
            lastLineNanos = now;
            out.println(line);
            out.flush();
        }
    }

    /** @return {@code [#####     ]  45%} */
    static String bar(Totals t) {
        double f = t.fraction();
        int filled = f < 0 ? 0 : (int) Math.round(f * BAR);
        return "[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + percent(t);
    }

    private static String percent(Totals t) {
        double f = t.fraction();
        return f < 0 ? "  ?%" : String.format(Locale.ROOT, "%3.0f%%", f * 100);
    }

    /** @return keys and bytes done and left, the rate, and from how many sources */
    static String summary(Totals t, String verb) {
        return String.format(Locale.ROOT, "%d keys (%s) %s, %s left, %s/s, %d range%s from %d source%s",
                t.keys(), StatusCommand.human(t.bytes()), verb, left(t.keysLeft(), t.keys(), t.bytes()),
                StatusCommand.human(t.bytesPerSecond()), t.ranges(), t.ranges() == 1 ? "" : "s", t.sources(),
                t.sources() == 1 ? "" : "s");
    }

    /**
     * @param keysLeft the sources' estimate, -1 when one has not counted yet
     * @return the keys left, with their bytes estimated from the average entry sent so far:
     *     {@code 300 keys (~29.30K)}
     */
    static String left(long keysLeft, long keysSent, long bytesSent) {
        if (keysLeft < 0) {
            return "? keys";
        }
        if (keysLeft == 0 || keysSent == 0) {
            return keysLeft + " keys";
        }
        return keysLeft + " keys (~" + StatusCommand.human(Math.round((double) bytesSent / keysSent * keysLeft)) + ")";
    }

    /**
     * A final count. The sources' last report may predate their last batches (an epoch settles the
     * moment the last one is done), so a count the node itself reports wins when it is higher, and
     * the bytes grow with it by the average entry size reported.
     *
     * @param seen the sums of the last report
     * @param held the keys the node reports holding, 0 for none
     * @return {@code 5000 keys (1.21M)}, or without the bytes when no report came
     */
    static String keysAndBytes(Totals seen, long held) {
        long keys = Math.max(seen.keys(), held);
        if (seen.keys() == 0) {
            return keys + " keys";
        }
        return keys + " keys (" + StatusCommand.human(Math.round((double) seen.bytes() * keys / seen.keys())) + ")";
    }

    /** @return {@code 1.3} for 1.3 s, as a final line states a duration */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
