package chkv.client;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The commands in flight on each connection, oldest first, and one periodic sweep that fails
 * with a {@link TimeoutException} those that waited longer than the timeout. A timer task per
 * command (what {@link CompletableFuture#orTimeout} arms) cost a proxy a quarter of its I/O
 * thread in waking the timer's thread; a connection answers in order, so its oldest command is
 * the only one a sweep needs to look at until that one is answered. A command is stamped with the
 * count of sweeps so far rather than a clock reading, which a profile of the proxy showed too: it
 * fails after the sweep that finds it older than the timeout, at most one period late.
 */
final class Deadlines implements AutoCloseable {
    /** Sweeps a command must see pass before it has waited the timeout. */
    private final long periods;
    private final Set<Track> tracks = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> sweeps;
    private volatile long swept;

    /**
     * @param timeoutMillis how long a command may wait for its reply
     * @param timer runs the sweeps, every tenth of the timeout (at least every 100 ms)
     */
    Deadlines(long timeoutMillis, ScheduledExecutorService timer) {
        long period = Math.clamp(TimeUnit.MILLISECONDS.toMicros(timeoutMillis) / 10, 1_000, 100_000);
        // a command stamped just before a sweep has waited (periods - 1) periods and a bit by the
        // sweep that fails it: one more is the timeout at the least
        this.periods = Math.ceilDiv(TimeUnit.MILLISECONDS.toMicros(timeoutMillis), period) + 1;
        // with a fixed delay, not rate: a late timer must not sweep twice in a row and fail commands early
        this.sweeps = timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MICROSECONDS);
    }

    /** @return a new connection's record of its commands in flight */
    Track track() {
        Track track = new Track();
        tracks.add(track);
        return track;
    }

    /** Fails the commands that have waited the timeout. */
    void sweep() {
        long now = ++swept; // only the timer's thread writes it
        for (Track track : tracks) {
            track.expire(now);
        }
    }

    @Override
    public void close() {
        sweeps.cancel(false);
        tracks.clear();
    }

    /** One connection's commands in flight, in the order they were sent: a ring of futures and stamps. */
    final class Track {
        private CompletableFuture<?>[] futures = new CompletableFuture<?>[16];
        private long[] sent = new long[16];
        private int head;
        private int size;

        /** @param reply the reply of a command just sent on this connection */
        synchronized void add(CompletableFuture<?> reply) {
            dropAnswered();
            if (size == futures.length) {
                grow();
            }
            int tail = (head + size) & (futures.length - 1);
            futures[tail] = reply;
            sent[tail] = swept;
            size++;
        }

        /** @return the reply of the command sent last when it has not come yet, else {@code null} */
        synchronized CompletableFuture<?> pending() {
            dropAnswered();
            return size == 0 ? null : futures[(head + size - 1) & (futures.length - 1)];
        }

        /** The connection is gone: its commands fail by its own doing, no sweep needs it. */
        void release() {
            tracks.remove(this);
        }

        private synchronized void expire(long now) {
            dropAnswered();
            while (size > 0 && now - sent[head] >= periods) {
                CompletableFuture<?> late = futures[head];
                pop();
                late.completeExceptionally(new TimeoutException());
            }
        }

        private void dropAnswered() {
            while (size > 0 && futures[head].isDone()) {
                pop();
            }
        }

        private void pop() {
            futures[head] = null;
            head = (head + 1) & (futures.length - 1);
            size--;
        }

        private void grow() {
            int n = futures.length;
            CompletableFuture<?>[] f = new CompletableFuture<?>[2 * n];
            long[] s = new long[2 * n];
            for (int i = 0; i < size; i++) {
                f[i] = futures[(head + i) & (n - 1)];
                s[i] = sent[(head + i) & (n - 1)];
            }
            futures = f;
            sent = s;
            head = 0;
        }
    }
}
