package chkv.node.boot;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.node.namenode.NameNode;
import chkv.ring.Ring;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chkv namenode}: runs the NameNode until SIGTERM or SIGINT, then shuts it down cleanly. */
@Command(name = "namenode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the NameNode: keeps the membership and the ring's epoch, detects failed "
                + "DataNodes, and pushes each new topology to DataNodes, clients and proxies.")
final class NameNodeCommand implements Callable<Integer> {

    /** The heartbeat interval DataNodes keep, which the failure detector judges silences by. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(100);
    /** Failed probes before the probe detector declares a suspect dead. */
    static final int PROBES = 3;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7370",
            description = "Control port for DataNodes, clients and proxies (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "cache",
            description = "cache (a lost node loses its share) or database (replicas >= 2, no acknowledged "
                    + "write lost) (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "1",
            description = "Copies of each key (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--vnodes", paramLabel = "V", defaultValue = "" + Ring.DEFAULT_VNODES,
            description = "Ring positions per unit of weight (default: ${DEFAULT-VALUE}).")
    int vnodes;

    @Option(names = "--hash", paramLabel = "NAME", defaultValue = "murmur3",
            description = "Hash function placing keys, by provider name (default: ${DEFAULT-VALUE}).")
    String hash;

    @Option(names = "--failure-detector", paramLabel = "NAME", defaultValue = "probe",
            description = "Failure detector, by provider name: probe or phi (default: ${DEFAULT-VALUE}).")
    String failureDetector;

    @Option(names = "--failure-detector-option", paramLabel = "KEY=VALUE",
            description = "A failure detector setting; repeatable, e.g. probe.grace-ms=200 or phi.threshold=8.")
    Map<String, String> detectorOptions = Map.of();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the log of membership changes is kept (default: .chkv/namenode-PORT).")
    Path dataDir;

    @Mixin
    ClusterSecret clusterSecret = new ClusterSecret();

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "netty",
            description = "Transport implementation, by provider name (default: ${DEFAULT-VALUE}).")
    String transport;

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    @Override
    public Integer call() throws InterruptedException, IOException {
        // resolve every name before creating anything, so a typo fails without side effects
        Providers.hashFunctions().get(hash);
        var detectorProvider = Providers.failureDetectors().get(failureDetector);
        var transportProvider = Providers.transports().get(transport);
        Path dir = dataDir != null ? dataDir : Path.of(".chkv", "namenode-" + port);
        NameNode.Settings settings = NameNode.Settings.of(new InetSocketAddress(bind, port), dir,
                        name -> Providers.hashFunctions().get(name).create())
                .withCluster(mode, replicas, vnodes, hash)
                .withAuth(new ClusterAuth(clusterSecret.bytes()));
        // heartbeat gaps are measured on a clock that a step of the system clock cannot move
        InstantSource clock = new MonotonicClock();
        FailureDetector detector = detectorProvider.create(
                new FailureDetectorConfig(clock, HEARTBEAT_INTERVAL, PROBES, detectorOptions));
        Transport net = transportProvider.create(transportOptions.config(0)
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
        NameNode node = NameNode.start(net, detector, settings.withClock(clock));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "chkv-shutdown"));
        InetSocketAddress address = node.controlAddress();
        var topology = node.topology();
        System.out.println("chkv namenode: ready on " + address.getAddress().getHostAddress() + ":"
                + address.getPort() + " (epoch " + topology.epoch() + ", " + topology.members().size()
                + " members, mode " + mode + ", replicas " + replicas + ", failure detector " + failureDetector
                + ", transport " + transport + "/" + net.multiplexingApi() + ", data " + dir + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
