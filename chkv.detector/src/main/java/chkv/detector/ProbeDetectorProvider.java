package chkv.detector;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.FailureDetectorProvider;
import java.util.Set;

/**
 * Supplies {@code probe}, the design seed's detector: heartbeats are passive, an overdue one
 * makes the NameNode probe the node, and failed probes declare it dead. Per node:
 * <ul>
 *   <li>ALIVE while the last heartbeat (or answered probe) is at most
 *       {@code heartbeatInterval + }{@value #GRACE} old; the grace is twice the interval unless
 *       configured, so with a 100 ms heartbeat a node is suspected after 300 ms of silence;</li>
 *   <li>SUSPECT once that deadline has passed: the NameNode should probe it;</li>
 *   <li>DEAD after {@code probes} (3 by default) consecutive failed probes, each reported while
 *       the node was overdue; with probes that time out after ~100 ms, death is known ~600 ms
 *       after the last heartbeat.</li>
 * </ul>
 * A heartbeat or an answered probe clears the suspicion and the failure count. DEAD is sticky:
 * only a heartbeat ends it (the node is running again, and the NameNode decides how it rejoins);
 * an answered probe does not, since it may answer a probe sent before the verdict. A failed
 * probe reported while the node is not overdue is stale and ignored. A node the detector has no
 * evidence of, never heard from or {@linkplain FailureDetector#remove removed}, is ALIVE: only a
 * heartbeat or an answered probe starts tracking it, so the NameNode feeds the join of a node as
 * its first heartbeat.
 */
public final class ProbeDetectorProvider implements FailureDetectorProvider {
    /** The option that sets the grace after a missed heartbeat, in ms (default: two intervals). */
    public static final String GRACE = "probe.grace-ms";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public ProbeDetectorProvider() {}

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public FailureDetector create(FailureDetectorConfig config) {
        Options options = new Options(name(), config.options(), Set.of(GRACE));
        long interval = Options.intervalMillis(config);
        long grace = options.millis(GRACE, 2 * interval, 0);
        return new ProbeDetector(config.clock(), interval + grace, config.probes());
    }
}
