package chkv.detector;

import chkv.api.spi.FailureDetector;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/** Phi accrual: suspicion grows with silence, against each node's own heartbeat history. */
final class PhiDetector implements FailureDetector {
    private static final double LN_10 = Math.log(10);

    private final InstantSource clock;
    private final Settings settings;
    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();

    /**
     * @param clock the time heartbeats are judged by
     * @param settings the thresholds and the shape of the history
     */
    PhiDetector(InstantSource clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void heartbeat(String node) {
        long now = clock.millis();
        nodes.computeIfAbsent(node, _ -> new Node(settings, now)).heartbeat(now);
    }

    /** An answered probe is evidence of life like a heartbeat; a failed one is no evidence at all. */
    @Override
    public void probed(String node, boolean answered) {
        if (answered) {
            long now = clock.millis();
            nodes.computeIfAbsent(node, _ -> new Node(settings, now)).answered(now);
        }
    }

    @Override
    public Verdict verdict(String node) {
        double phi = phi(node);
        if (phi > settings.threshold()) {
            return Verdict.DEAD;
        }
        return phi > settings.suspect() ? Verdict.SUSPECT : Verdict.ALIVE;
    }

    @Override
    public void remove(String node) {
        nodes.remove(node);
    }

    /**
     * @param node a node
     * @return its phi now; 0 for a node the detector has no evidence of
     */
    double phi(String node) {
        Node state = nodes.get(node);
        return state == null ? 0 : state.phi(clock.millis());
    }

    /**
     * φ = −log10(1 − F(elapsed)), F the normal distribution's CDF in the logistic approximation
     * F(y) ≈ 1 / (1 + e^(−z)), z = y (1.5976 + 0.070566 y²), y = (elapsed − mean) / stdDeviation,
     * whose error stays under 1.4e-4. Then 1 − F = 1 / (1 + e^z) and φ = ln(1 + e^z) / ln 10,
     * computed so that it neither overflows nor rounds to infinity for a long silence.
     *
     * @param elapsedMillis time since the node was last heard from
     * @param meanMillis the expected interval, pause allowance included
     * @param stdDeviationMillis the spread of the intervals, floored
     * @return phi, growing without bound with the silence
     */
    static double phi(double elapsedMillis, double meanMillis, double stdDeviationMillis) {
        double y = (elapsedMillis - meanMillis) / stdDeviationMillis;
        double z = y * (1.5976 + 0.070566 * y * y);
        double lnOnePlusExpZ = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        return lnOnePlusExpZ / LN_10;
    }

    /**
     * How the phi detector judges, after the options have been read.
     *
     * @param intervalMillis the configured heartbeat interval, which seeds a new history
     * @param window how many inter-arrival times are kept per node
     * @param minStdDeviationMillis the floor under the measured standard deviation
     * @param acceptablePauseMillis added to the mean interval: a pause this long is not suspicious
     * @param suspect phi above which a node is SUSPECT
     * @param threshold phi above which a node is DEAD
     */
    record Settings(long intervalMillis, int window, double minStdDeviationMillis,
            long acceptablePauseMillis, double suspect, double threshold) {}

    /** What is known of one node; each method is given the time read just before it. */
    private static final class Node {
        private final Settings settings;
        private Intervals intervals;
        private long lastHeartbeat;
        private long lastHeard;
        private boolean heartbeatSeen;

        Node(Settings settings, long now) {
            this.settings = settings;
            this.intervals = Intervals.seeded(settings.window(), settings.intervalMillis());
            this.lastHeard = now;
        }

        /**
         * A heartbeat adds the time since the previous one to the history, except after a death:
         * an outage says nothing of how the node heartbeats, so its history starts afresh.
         */
        synchronized void heartbeat(long now) {
            if (heartbeatSeen && phi(now) > settings.threshold()) {
                intervals = Intervals.seeded(settings.window(), settings.intervalMillis());
            } else if (heartbeatSeen) {
                intervals.add(now - lastHeartbeat);
            }
            heartbeatSeen = true;
            lastHeartbeat = now;
            lastHeard = now;
        }

        /**
         * An answered probe resets the silence but adds no sample (probes do not come at the
         * heartbeat's pace), and cannot undo DEAD: it may answer a probe sent before the verdict.
         */
        synchronized void answered(long now) {
            if (phi(now) <= settings.threshold()) {
                lastHeard = now;
            }
        }

        // A wall clock stepped back yields a silence of 0 here and an interval of 0 in the history.
        synchronized double phi(long now) {
            double elapsed = Math.max(0, now - lastHeard);
            double mean = intervals.mean() + settings.acceptablePauseMillis();
            double stdDeviation = Math.max(intervals.stdDeviation(), settings.minStdDeviationMillis());
            return PhiDetector.phi(elapsed, mean, stdDeviation);
        }
    }
}
