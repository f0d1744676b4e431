package chkv.node.namenode;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.Transport;
import chkv.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes a suspect member actively: a RESP {@code PING} to its RESP address on a new connection,
 * answered if any reply (an error included: the node is running) arrives within the timeout,
 * connecting included. The result goes to the failure detector. At most one probe per member is
 * in flight, so a member that stalls costs one connection, not one per tick.
 */
final class Prober {
    private static final byte[] PING = "PING".getBytes(StandardCharsets.US_ASCII);

    private final Transport transport;
    private final FailureDetector detector;
    private final ScheduledExecutorService timer;
    private final long timeoutMillis;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param transport opens the RESP connections
     * @param detector receives each probe's result
     * @param timer runs the timeouts
     * @param timeoutMillis how long a probe may take, connecting included
     */
    Prober(Transport transport, FailureDetector detector, ScheduledExecutorService timer, long timeoutMillis) {
        this.transport = transport;
        this.detector = detector;
        this.timer = timer;
        this.timeoutMillis = timeoutMillis;
    }

    /** @param member probe it, unless a probe of it is in flight */
    void probe(Member member) {
        String id = member.id();
        if (!inFlight.add(id)) {
            return;
        }
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        ScheduledFuture<?> timeout;
        try {
            timeout = timer.schedule(() -> answered.complete(false), timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            inFlight.remove(id); // the NameNode is closing
            return;
        }
        answered.whenComplete((yes, _) -> {
            timeout.cancel(false);
            detector.probed(id, yes);
            inFlight.remove(id);
        });
        try {
            transport.connectResp(member.respAddress()).whenComplete((connection, failure) -> {
                if (failure != null) {
                    answered.complete(false);
                    return;
                }
                // closes at once when the probe already timed out
                answered.whenComplete((_, _) -> connection.close());
                if (!answered.isDone()) {
                    connection.send(PING).whenComplete((_, f) -> answered.complete(f == null));
                }
            });
        } catch (RuntimeException e) {
            answered.complete(false);
        }
    }
}
