package chkv.transport.netty;

import chkv.api.spi.ClientLimits;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One RESP endpoint's limits and the count of connections it serves, shared by its handlers. */
final class RespClients {

    private final AtomicInteger connected = new AtomicInteger();
    /** Per endpoint, as Redis numbers its own clients: a node started after another in the same JVM counts from 1. */
    private final AtomicLong ids = new AtomicLong();
    private volatile ClientLimits limits = ClientLimits.DEFAULTS;

    ClientLimits limits() {
        return limits;
    }

    void limits(ClientLimits newLimits) {
        limits = Objects.requireNonNull(newLimits, "limits");
    }

    /** @return whether one more connection fits under {@code maxclients}, counting it if so */
    boolean admit() {
        int max = limits.maxClients();
        while (true) {
            int now = connected.get();
            if (now >= max) {
                return false;
            }
            if (connected.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** @return the next CLIENT ID, numbering this endpoint's connections from 1 in accept order */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** An admitted connection closed. */
    void release() {
        connected.decrementAndGet();
    }

    /** @return the connections admitted and still open */
    int connected() {
        return connected.get();
    }
}
