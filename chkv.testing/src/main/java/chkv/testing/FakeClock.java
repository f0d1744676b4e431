package chkv.testing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, so expiry tests never sleep. */
public final class FakeClock implements InstantSource {
    private final AtomicLong millis;

    /** @param startMillis the initial Unix time in ms */
    public FakeClock(long startMillis) {
        this.millis = new AtomicLong(startMillis);
    }

    /** A clock at a fixed, realistic Unix time. */
    public FakeClock() {
        this(1_750_000_000_000L);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    /** @param ms how far to move the clock forward */
    public void advance(long ms) {
        millis.addAndGet(ms);
    }

    /** @param ms the new Unix time in ms */
    public void set(long ms) {
        millis.set(ms);
    }
}
