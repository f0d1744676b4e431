package chkv.api.spi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FailureDetector} is built with.
 *
 * @param clock the time heartbeats are judged by
 * @param heartbeatInterval how often a node sends a heartbeat
 * @param probes failed active probes before a suspect is declared dead (3 by default)
 * @param options detector-specific settings, e.g. a phi threshold
 */
public record FailureDetectorConfig(
        InstantSource clock, Duration heartbeatInterval, int probes, Map<String, String> options) {

    /** Validates and copies. */
    public FailureDetectorConfig {
        Objects.requireNonNull(clock, "clock");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || probes < 1) {
            throw new IllegalArgumentException("failure detector: " + heartbeatInterval + ", "
                    + probes + " probes (expected: positive interval, probes >= 1)");
        }
        options = Map.copyOf(options);
    }
}
