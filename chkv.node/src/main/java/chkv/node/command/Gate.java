package chkv.node.command;

import java.util.concurrent.locks.StampedLock;

/**
 * A server-wide read-write gate: every command passes it shared, {@code EXEC} (and {@code WATCH},
 * which must not miss a write in flight) exclusive, so a transaction runs with no other
 * connection's command between its commands. The shared side is striped by thread, so I/O threads
 * passing it at once touch different locks; the exclusive side takes every stripe in order.
 */
final class Gate {
    /** More stripes than I/O threads, so two threads rarely share one. */
    private static final int STRIPES = 64;

    private final StampedLock[] stripes = new StampedLock[STRIPES];

    Gate() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new StampedLock();
        }
    }

    /** @return the stripe of the calling thread, to pass to {@link #exitShared} */
    int enterShared() {
        // thread ids are handed out in sequence, so an event loop's threads get neighbouring stripes
        int stripe = (int) Thread.currentThread().threadId() & (STRIPES - 1);
        stripes[stripe].asReadLock().lock();
        return stripe;
    }

    void exitShared(int stripe) {
        stripes[stripe].asReadLock().unlock();
    }

    /** Waits for the commands in progress to finish and holds off new ones. */
    void enterExclusive() {
        for (StampedLock s : stripes) {
            s.asWriteLock().lock();
        }
    }

    void exitExclusive() {
        for (int i = STRIPES - 1; i >= 0; i--) {
            stripes[i].asWriteLock().unlock();
        }
    }
}
