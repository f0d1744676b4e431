package chkv.node.boot;

import chkv.node.datanode.DataNode;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a cluster DataNode takes part in moving ranges: its internal port, its send rate, its leave. */
final class HandOverOptions {

    @Option(names = "--control-port", paramLabel = "PORT", defaultValue = "0",
            description = "The internal port other DataNodes hand ranges to this one on (default: a free one).")
    int controlPort;

    @Option(names = "--move-rate", paramLabel = "BYTES", converter = ByteSize.class, defaultValue = "32mb",
            description = "The most key and value bytes per second this node sends when it hands ranges over, "
                    + "so clients keep their latency (default: ${DEFAULT-VALUE}).")
    long moveRate;

    @Option(names = "--leave-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "On SIGTERM in cache mode, how long to wait for this node's ranges to be handed over "
                    + "before it exits anyway (default: ${DEFAULT-VALUE}).")
    long leaveTimeoutSeconds;

    /** @return {@code cluster} with these settings */
    DataNode.Cluster applyTo(DataNode.Cluster cluster) {
        if (controlPort < 0 || controlPort > 65_535 || moveRate < 1 || leaveTimeoutSeconds < 0) {
            throw new IllegalArgumentException("--control-port " + controlPort + " --move-rate " + moveRate
                    + " --leave-timeout " + leaveTimeoutSeconds
                    + " (expected: a port 0-65535, a positive rate, a timeout of 0 or more)");
        }
        return cluster.withMoves(controlPort, moveRate, Duration.ofSeconds(leaveTimeoutSeconds));
    }
}
