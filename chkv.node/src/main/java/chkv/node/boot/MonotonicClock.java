package chkv.node.boot;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Wall-clock time that never jumps: the time at start plus the monotonic time elapsed since. The
 * failure detectors measure heartbeat gaps with it, so a step of the system clock (NTP, an
 * operator) neither declares live members dead nor hides dead ones.
 */
final class MonotonicClock implements InstantSource {
    private final long startMillis = System.currentTimeMillis();
    private final long startNanos = System.nanoTime();

    @Override
    public long millis() {
        return startMillis + (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
