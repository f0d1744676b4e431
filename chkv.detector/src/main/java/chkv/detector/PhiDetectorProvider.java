package chkv.detector;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.FailureDetectorProvider;
import java.util.Set;

/**
 * Supplies {@code phi}, the phi accrual detector (Hayashibara et al., 2004, as Akka applies it).
 * Per node it keeps the last {@value #WINDOW} heartbeat inter-arrival times (1000 by default,
 * at most 100,000), seeded with two samples a quarter of the configured interval either side of
 * it, and judges the time since the node was last heard from against a normal distribution of
 * mean = the mean interval + {@value #ACCEPTABLE_PAUSE} (200 ms by default) and standard
 * deviation = the measured one, at least {@value #MIN_STD_DEVIATION} (100 ms by default):
 * φ = −log10(1 − F(silence)), with the logistic approximation of the normal CDF.
 * <ul>
 *   <li>ALIVE while φ is at most {@value #SUSPECT} (3 by default);</li>
 *   <li>SUSPECT above it: the NameNode should probe the node;</li>
 *   <li>DEAD above {@value #THRESHOLD} (8 by default). With a steady 100 ms heartbeat and the
 *       defaults, a silent node is suspect from 606 ms of silence and dead from 823 ms; a
 *       node whose heartbeats jitter is given proportionally longer.</li>
 * </ul>
 * An answered probe resets the silence like a heartbeat but adds no sample, since probes do not
 * come at the heartbeat's pace. A failed probe is no evidence: a probe's timeout is the fixed
 * timeout that phi exists to replace, and it fails on a slow network exactly when phi gives the
 * node more time; so the config's {@code probes} count is not used. DEAD is sticky: only a
 * heartbeat ends it, and that heartbeat starts the node's history afresh (the outage is not an
 * interval of its heartbeat); an answered probe does not, since it may answer a probe sent before
 * the verdict. A node the detector has no evidence of, never heard from or
 * {@linkplain FailureDetector#remove removed}, is ALIVE with φ = 0: only a heartbeat or an
 * answered probe starts tracking it, so the NameNode feeds the join of a node as its first
 * heartbeat.
 */
public final class PhiDetectorProvider implements FailureDetectorProvider {
    /** The option that sets the φ above which a node is DEAD (default 8). */
    public static final String THRESHOLD = "phi.threshold";
    /** The option that sets the φ above which a node is SUSPECT (default 3; below the threshold). */
    public static final String SUSPECT = "phi.suspect";
    /** The option that sets how many intervals are kept per node (default 1000, at most 100,000). */
    public static final String WINDOW = "phi.window";
    /** The option that sets the floor under the standard deviation, in ms (default 100). */
    public static final String MIN_STD_DEVIATION = "phi.min-std-dev-ms";
    /** The option that sets the pause added to the mean interval, in ms (default 200). */
    public static final String ACCEPTABLE_PAUSE = "phi.acceptable-pause-ms";

    // a window is allocated whole per node: 8 bytes a sample, 800 KB at this size
    private static final int MAX_WINDOW = 100_000;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public PhiDetectorProvider() {}

    @Override
    public String name() {
        return "phi";
    }

    @Override
    public FailureDetector create(FailureDetectorConfig config) {
        Options options = new Options(name(), config.options(),
                Set.of(THRESHOLD, SUSPECT, WINDOW, MIN_STD_DEVIATION, ACCEPTABLE_PAUSE));
        double threshold = options.positive(THRESHOLD, 8);
        double suspect = options.positive(SUSPECT, 3);
        if (suspect >= threshold) {
            throw new ConfigException(SUSPECT + ": " + config.options().getOrDefault(SUSPECT, "3")
                    + " (expected: below " + THRESHOLD + ", " + config.options().getOrDefault(THRESHOLD, "8")
                    + ")");
        }
        var settings = new PhiDetector.Settings(
                Options.intervalMillis(config),
                options.count(WINDOW, 1000, 2, MAX_WINDOW),
                options.millis(MIN_STD_DEVIATION, 100, 1),
                options.millis(ACCEPTABLE_PAUSE, 200, 0),
                suspect,
                threshold);
        return new PhiDetector(config.clock(), settings);
    }
}
