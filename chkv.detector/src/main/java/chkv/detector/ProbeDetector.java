package chkv.detector;

import chkv.api.spi.FailureDetector;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/** The seed's detector: overdue heartbeat, then consecutive failed probes; rules on the provider. */
final class ProbeDetector implements FailureDetector {
    private final InstantSource clock;
    private final long deadlineMillis;
    private final int probes;
    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();

    /**
     * @param clock the time heartbeats are judged by
     * @param deadlineMillis silence longer than this makes a node suspect (interval plus grace)
     * @param probes consecutive failed probes that declare a suspect dead
     */
    ProbeDetector(InstantSource clock, long deadlineMillis, int probes) {
        this.clock = clock;
        this.deadlineMillis = deadlineMillis;
        this.probes = probes;
    }

    @Override
    public void heartbeat(String node) {
        nodes.computeIfAbsent(node, _ -> new Node()).heard(clock);
    }

    @Override
    public void probed(String node, boolean answered) {
        if (answered) {
            nodes.computeIfAbsent(node, _ -> new Node()).answered(clock);
            return;
        }
        Node state = nodes.get(node);
        if (state != null) {
            state.failed(clock, deadlineMillis, probes);
        }
    }

    @Override
    public Verdict verdict(String node) {
        Node state = nodes.get(node);
        return state == null ? Verdict.ALIVE : state.verdict(clock, deadlineMillis);
    }

    @Override
    public void remove(String node) {
        nodes.remove(node);
    }

    /**
     * What is known of one node. Each method reads the clock under the node's lock, so that the
     * evidence of one node is applied in the order of the times it was judged at.
     */
    private static final class Node {
        private long lastHeard;
        private int failedProbes;
        private boolean dead;

        /** A heartbeat: the node is alive whatever was believed before, DEAD included. */
        synchronized void heard(InstantSource clock) {
            lastHeard = clock.millis();
            failedProbes = 0;
            dead = false;
        }

        /**
         * An answered probe clears suspicion and the failure count, but cannot undo DEAD: the
         * answer may be a late one, to a probe sent before the verdict the NameNode acted on.
         */
        synchronized void answered(InstantSource clock) {
            if (!dead) {
                lastHeard = clock.millis();
                failedProbes = 0;
            }
        }

        /**
         * A failed probe counts only while the node is overdue: one that reports after a heartbeat
         * has already cleared the suspicion is stale.
         */
        synchronized void failed(InstantSource clock, long deadlineMillis, int probes) {
            if (!dead && overdue(clock.millis(), deadlineMillis) && ++failedProbes >= probes) {
                dead = true;
            }
        }

        synchronized Verdict verdict(InstantSource clock, long deadlineMillis) {
            if (dead) {
                return Verdict.DEAD;
            }
            return overdue(clock.millis(), deadlineMillis) ? Verdict.SUSPECT : Verdict.ALIVE;
        }

        // A wall clock stepped back only shortens the silence seen; a negative one is not overdue.
        private boolean overdue(long now, long deadlineMillis) {
            return now - lastHeard > deadlineMillis;
        }
    }
}
