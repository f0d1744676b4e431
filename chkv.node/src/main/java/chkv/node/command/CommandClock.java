package chkv.node.command;

import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The clock a node gives its store: while a command runs on a thread, {@link #millis()} answers
 * the time read once when the command started, as Redis reads its clock once per command (so
 * {@code SET k v PX 100000} then {@code PTTL k} in the same millisecond answers 100000, and a key
 * does not expire half-way through a command); elsewhere, such as on the expiry thread, it is the
 * real time. {@link #instant()} is always the real time, at full precision, for {@code TIME}.
 */
public final class CommandClock implements InstantSource {
    /** The frozen time of the command running on this thread, or {@link #NOT_FROZEN}. */
    private static final long NOT_FROZEN = Long.MIN_VALUE;

    private final InstantSource base;
    private final ThreadLocal<long[]> frozen = ThreadLocal.withInitial(() -> new long[] {NOT_FROZEN});

    /** @param base the real time */
    public CommandClock(InstantSource base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** @return a command clock over the system's UTC clock */
    public static CommandClock system() {
        return new CommandClock(Clock.systemUTC());
    }

    @Override
    public long millis() {
        long t = frozen.get()[0];
        return t == NOT_FROZEN ? base.millis() : t;
    }

    @Override
    public Instant instant() {
        return base.instant();
    }

    /**
     * Freezes this thread's time until {@link #end(long[])}; nested calls keep the outer time,
     * as an {@code EXEC} keeps its own for the commands it runs.
     *
     * @return the token to pass to {@link #end(long[])}, {@code null} when already frozen
     */
    long[] begin() {
        long[] slot = frozen.get();
        if (slot[0] != NOT_FROZEN) {
            return null;
        }
        slot[0] = base.millis();
        return slot;
    }

    /** @param token what {@link #begin()} returned */
    static void end(long[] token) {
        if (token != null) {
            token[0] = NOT_FROZEN;
        }
    }
}
