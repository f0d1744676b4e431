package chkv.detector;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetector.Verdict;
import chkv.testing.FakeClock;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Drives a detector the way the NameNode does, on a fake clock: it asks a verdict every
 * {@value #TICK_MILLIS} ms, and probes a silent node while it is suspect, each probe failing when
 * its {@value #PROBE_TIMEOUT_MILLIS} ms timeout runs out.
 */
final class NameNodeDriver {
    static final long TICK_MILLIS = 10;
    static final long PROBE_TIMEOUT_MILLIS = 100;

    private final FakeClock clock;
    private final FailureDetector detector;

    NameNodeDriver(FakeClock clock, FailureDetector detector) {
        this.clock = clock;
        this.detector = detector;
    }

    /**
     * A live node: heartbeats after each gap the supplier gives, for a while; nobody probes it,
     * so the verdicts are the heartbeats' alone.
     *
     * @return every verdict asked of the node in the meantime
     */
    Set<Verdict> heartbeats(String node, LongSupplier gapMillis, long forMillis) {
        Set<Verdict> seen = EnumSet.noneOf(Verdict.class);
        long end = clock.millis() + forMillis;
        long due = clock.millis() + gapMillis.getAsLong();
        while (clock.millis() < end) {
            long step = Math.min(TICK_MILLIS, due - clock.millis());
            clock.advance(step);
            if (clock.millis() == due) {
                detector.heartbeat(node);
                due += gapMillis.getAsLong();
            }
            seen.add(detector.verdict(node));
        }
        return seen;
    }

    /** @return every verdict asked of a node heartbeating every {@code gapMillis} ms */
    Set<Verdict> heartbeats(String node, long gapMillis, long forMillis) {
        return heartbeats(node, () -> gapMillis, forMillis);
    }

    /**
     * A node gone silent, from now on: every probe of it fails.
     *
     * @param forMillis how long to watch
     * @return when it was first suspected and first declared dead, in ms from now
     */
    Silence silence(String node, long forMillis) {
        long start = clock.millis();
        long suspectAfter = -1;
        long deadAfter = -1;
        long probeFails = -1;
        Verdict last = Verdict.ALIVE;
        boolean backwards = false;
        while (clock.millis() - start < forMillis) {
            clock.advance(TICK_MILLIS);
            long elapsed = clock.millis() - start;
            if (probeFails >= 0 && elapsed >= probeFails) {
                detector.probed(node, false);
                probeFails = -1;
            }
            Verdict verdict = detector.verdict(node);
            backwards |= verdict.compareTo(last) < 0;
            last = verdict;
            if (verdict != Verdict.ALIVE && suspectAfter < 0) {
                suspectAfter = elapsed;
            }
            if (verdict == Verdict.DEAD && deadAfter < 0) {
                deadAfter = elapsed;
            }
            if (verdict == Verdict.SUSPECT && probeFails < 0) {
                probeFails = elapsed + PROBE_TIMEOUT_MILLIS;
            }
        }
        return new Silence(suspectAfter, deadAfter, backwards);
    }

    /**
     * What the NameNode saw of a silent node.
     *
     * @param suspectAfter ms of silence until the first verdict other than ALIVE; -1 if none
     * @param deadAfter ms of silence until the first DEAD; -1 if none
     * @param backwards whether a verdict was ever milder than the one before it
     */
    record Silence(long suspectAfter, long deadAfter, boolean backwards) {}
}
