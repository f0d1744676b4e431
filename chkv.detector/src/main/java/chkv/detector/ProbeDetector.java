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
        long now = clock.millis();
        nodes.computeIfAbsent(node, _ -> new Node(now)).heard(now);
    }

    @Override
    public void probed(String node, boolean answered) {
        long now = clock.millis();
        if (answered) {
            nodes.computeIfAbsent(node, _ -> new Node(now)).answered(now);
            return;
        }
        Node state = nodes.get(node);
        if (state != null) {
            state.failed(now, deadlineMillis, probes);
        }
    }

    @Override
    public Verdict verdict(String node) {
        Node state = nodes.get(node);
        return state == null ? Verdict.ALIVE : state.verdict(clock.millis(), deadlineMillis);
    }

    @Override
    public void remove(String node) {
        nodes.remove(node);
    }

    /** What is known of one node; each method is given the time read just before it. */
    private static final class Node {
        private long lastHeard;
        private int failedProbes;
        private boolean dead;

        Node(long now) {
            this.lastHeard = now;
        }

        /** A heartbeat: the node is alive whatever was believed before, DEAD included. */
        synchronized void heard(long now) {
            lastHeard = now;
            failedProbes = 0;
            dead = false;
        }

        /**
         * An answered probe clears suspicion and the failure count, but cannot undo DEAD: the
         * answer may be a late one, to a probe sent before the verdict the NameNode acted on.
         */
        synchronized void answered(long now) {
            if (!dead) {
                lastHeard = now;
                failedProbes = 0;
            }
        }

        /**
         * A failed probe counts only while the node is overdue: one that reports after a heartbeat
         * has already cleared the suspicion is stale.
         */
        synchronized void failed(long now, long deadlineMillis, int probes) {
            if (!dead && overdue(now, deadlineMillis) && ++failedProbes >= probes) {
                dead = true;
            }
        }

        synchronized Verdict verdict(long now, long deadlineMillis) {
            if (dead) {
                return Verdict.DEAD;
            }
            return overdue(now, deadlineMillis) ? Verdict.SUSPECT : Verdict.ALIVE;
        }

        // A wall clock stepped back only shortens the silence seen; a negative one is not overdue.
        private boolean overdue(long now, long deadlineMillis) {
            return now - lastHeard > deadlineMillis;
        }
    }
}
