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
 * the only one a sweep needs to look at until that one is answered.
 */
final class Deadlines implements AutoCloseable {
    private final long timeoutNanos;
    private final Set<Track> tracks = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> sweeps;

    /**
     * @param timeoutMillis how long a command may wait for its reply
     * @param timer runs the sweeps, every tenth of the timeout (at least every 100 ms)
     */
    Deadlines(long timeoutMillis, ScheduledExecutorService timer) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long period = Math.clamp(TimeUnit.MILLISECONDS.toMicros(timeoutMillis) / 10, 1_000, 100_000);
        this.sweeps = timer.scheduleWithFixedDelay(() -> sweep(System.nanoTime()), period, period,
                TimeUnit.MICROSECONDS);
    }

    /** @return a new connection's record of its commands in flight */
    Track track() {
        Track track = new Track();
        tracks.add(track);
        return track;
    }

    /** Fails the commands older than the timeout. @param now {@link System#nanoTime()} */
    void sweep(long now) {
        for (Track track : tracks) {
            track.expire(now);
        }
    }

    @Override
    public void close() {
        sweeps.cancel(false);
        tracks.clear();
    }

    /** One connection's commands in flight, in the order they were sent: a ring of futures and times. */
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
            sent[tail] = System.nanoTime();
            size++;
        }

        /** The connection is gone: its commands fail by its own doing, no sweep needs it. */
        void release() {
            tracks.remove(this);
        }

        private synchronized void expire(long now) {
            dropAnswered();
            while (size > 0 && now - sent[head] >= timeoutNanos) {
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
