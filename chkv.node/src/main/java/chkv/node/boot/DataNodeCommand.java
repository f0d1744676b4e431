package chkv.node.boot;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.HashFunctionProvider;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.api.spi.TransportProvider;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.node.datanode.DataNode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chkv datanode}: runs a DataNode until SIGTERM or SIGINT, then shuts it down cleanly. */
@Command(name = "datanode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a DataNode: stores keys and serves RESP (redis-cli, any Redis client), "
                + "alone or as a member of a NameNode's cluster.")
final class DataNodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DataNodeCommand.class);

    /** The environment variable a password may come from, so that ps does not show it. */
    static final String PASSWORD_ENV = "CHKV_REQUIREPASS";

    /** How often a member tells the NameNode it is alive; the NameNode's detectors expect this. */
    static final Duration HEARTBEAT = Duration.ofMillis(100);

    /** The longest warm-up: on a slow machine the node serves cooler rather than much later. */
    static final Duration WARM_UP_LIMIT = Duration.ofSeconds(2);

    @Option(names = "--standalone", description = "Run alone, without a NameNode.")
    boolean standalone;

    @Option(names = "--namenode", paramLabel = "HOST:PORT", converter = HostPort.class,
            description = "Join the cluster of this NameNode (its control port).")
    InetSocketAddress nameNode;

    @Option(names = "--advertise", paramLabel = "HOST",
            description = "The host clients reach this node on (default: the --bind address).")
    String advertise;

    @Mixin
    ClusterSecret clusterSecret = new ClusterSecret();

    @Mixin
    HandOverOptions handOver = new HandOverOptions();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7380",
            description = "RESP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--store", paramLabel = "NAME", defaultValue = "heap",
            description = "Store implementation, by provider name (default: ${DEFAULT-VALUE}).")
    String store;

    // A fresh node's first SET took 6.7 ms (offheap) / 3.9 ms (heap) against 0.6 ms later, and while a
    // `redis-cli --pipe` load started, another client's PING waited 10-22 ms (offheap) as the JIT
    // compiled the hot path; 300,000 throwaway SETs first cut that worst PING to about 10 ms. After
    // 200,000 commands of the warm-up's mix (1.3-1.8 s on 2 cores, both stores), a new client's first
    // PING took 1-3.5 ms instead of 14-20 ms and its first SET 0.3-0.6 ms instead of 3-15 ms; the 2 s
    // bound keeps a slow or busy machine from waiting much longer for its node.
    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "200000",
            description = "Before serving, run N commands (SET, GET, INCR, MGET, ...) on a scratch store, "
                    + "for about 2 s at most, so that the first clients do not wait for the code to load and compile; "
                    + "0 for none (default: ${DEFAULT-VALUE}).")
    long warmUpCommands;

    @Option(names = "--maxmemory", paramLabel = "BYTES", defaultValue = "0", converter = ByteSize.class,
            description = "Memory limit for data, with Redis's units (1gb, 100mb); 0 for none.")
    long maxMemory;

    @Option(names = "--maxmemory-policy", paramLabel = "POLICY", defaultValue = "noeviction",
            description = "What to do at the limit, as Redis: noeviction, allkeys-lru, allkeys-lfu, "
                    + "allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl.")
    String policy;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "Require clients to AUTH with this password (ps shows it: prefer --requirepass-file "
                    + "or the environment variable " + PASSWORD_ENV + ").")
    String requirePass;

    @Option(names = "--requirepass-file", paramLabel = "FILE",
            description = "Read the password from this file (a trailing line break is ignored).")
    Path requirePassFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read settings from a file in redis.conf syntax (port, bind, maxmemory, maxmemory-policy, "
                    + "maxmemory-samples, requirepass, timeout, maxclients, hz, protected-mode, "
                    + "client-output-buffer-limit); flags given here win. CONFIG REWRITE writes it back.")
    Path configFile;

    @Option(names = "--protected-mode", paramLabel = "yes|no", defaultValue = "yes",
            description = "As Redis: without a password, serve only clients connecting from loopback "
                    + "(default: ${DEFAULT-VALUE}).")
    String protectedMode;

    @Option(names = "--maxmemory-samples", paramLabel = "N", defaultValue = "5",
            description = "Keys sampled per eviction, as Redis's maxmemory-samples (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--hz", paramLabel = "N", defaultValue = "10",
            description = "Background tasks (active expiry) per second, as Redis's hz; 1 to 500 take effect "
                    + "(default: ${DEFAULT-VALUE}).")
    int hz;

    @Spec
    CommandSpec spec;

    @Option(names = "--maxclients", paramLabel = "N", defaultValue = "10000",
            description = "Most clients connected at once, as Redis's maxclients (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Close a client idle this long, as Redis's timeout; 0 for never (the default).")
    long timeoutSeconds;

    @Option(names = "--client-output-buffer-limit", paramLabel = "'normal HARD SOFT SECONDS'",
            converter = OutputBufferLimit.class, defaultValue = "normal 0 0 0",
            description = "As Redis's: close a client whose unsent replies pass HARD bytes, or stay above "
                    + "SOFT bytes for SECONDS; 0 for no limit (the default).")
    OutputBufferLimit.Value outputLimit;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "netty",
            description = "Transport implementation, by provider name (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Network threads; 0 for the transport's default (netty: half the cores, at least one).")
    int ioThreads;

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    private ClientLimits clientLimits() {
        if (maxClients < 1 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("--maxclients " + maxClients + " --timeout " + timeoutSeconds
                    + " (expected: at least 1 client, a timeout of 0 or more seconds)");
        }
        return ClientLimits.DEFAULTS.withMaxClients(maxClients)
                .withIdleTimeoutMillis(TimeUnit.SECONDS.toMillis(timeoutSeconds))
                .withOutputLimits(outputLimit.hardBytes(), outputLimit.softBytes(),
                        TimeUnit.SECONDS.toMillis(outputLimit.softSeconds()));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (configFile != null) {
            new ConfigFileOptions(ConfigFile.read(configFile), this::given).applyTo(this);
        }
        requirePass = password(System.getenv(PASSWORD_ENV));
        boolean protect = switch (protectedMode.toLowerCase(java.util.Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("--protected-mode " + protectedMode + " (expected: yes or no)");
        };
        if (samples < 1 || hz < 0 || warmUpCommands < 0) {
            throw new IllegalArgumentException("--maxmemory-samples " + samples + " --hz " + hz + " --warm-up "
                    + warmUpCommands + " (expected: at least 1 sample, hz of 0 or more, 0 or more commands)");
        }
        if (standalone == (nameNode != null)) {
            throw new IllegalArgumentException(standalone
                    ? "--standalone and --namenode (expected: one of them)"
                    : "no NameNode to join (expected: --namenode HOST:PORT, or --standalone)");
        }
        String host = advertise != null ? advertise : bind;
        if (nameNode != null && (host.equals("0.0.0.0") || host.equals("::"))) {
            throw new IllegalArgumentException("--bind " + bind + " is no address clients can reach"
                    + " (expected: --advertise HOST)");
        }
        EvictionPolicy evictionPolicy = EvictionPolicy.fromRedisName(policy);
        TransportConfig transportConfig = transportOptions.config(ioThreads);
        // resolve both names before creating anything, so a typo fails without side effects
        var storeProvider = Providers.stores().get(store);
        var transportProvider = Providers.transports().get(transport);
        byte[] secret = clusterSecret.bytes();
        if (nameNode != null) {
            transportConfig = transportConfig.withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION);
        }
        // the transport first: a bad transport option then fails before the store takes memory
        Transport net = transportProvider.create(transportConfig);
        // before the real store and node exist, on a transport of its own: they never see the scratch node
        warmUp(transportProvider, transportConfig, storeProvider);
        Store data;
        try {
            data = storeProvider.create(new StoreConfig(DataNode.storeClock(), maxMemory, evictionPolicy, samples, Map.of()));
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        DataNode.Settings settings = DataNode.Settings.of(new InetSocketAddress(bind, port))
                .withRequirePass(requirePass)
                .withStore(store, maxMemory, evictionPolicy)
                .withClientLimits(clientLimits());
        if (nameNode != null) {
            Providers<HashFunctionProvider> hashes = Providers.hashFunctions();
            settings = settings.withCluster(handOver.applyTo(new DataNode.Cluster(nameNode, secret, host,
                    name -> hashes.get(name).create(), HEARTBEAT)));
        }
        Path file = configFile;
        // subscribed before the node asks to join, so even a fast hand-over is seen
        JoinWatch watch = nameNode == null ? null : JoinWatch.start(net, nameNode, secret);
        DataNode node;
        try {
            node = DataNode.start(net, data, settings, server -> {
                server.configFile(file == null ? null : file.toAbsolutePath());
                server.protectedMode(protect);
                server.hz(hz);
            });
        } catch (RuntimeException e) {
            if (watch != null) {
                watch.close();
            }
            throw e;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            try {
                node.awaitClosed(); // SHUTDOWN may be closing it on another thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "chkv-shutdown"));
        InetSocketAddress address = node.respAddress();
        System.out.println("chkv datanode: ready on " + address.getAddress().getHostAddress() + ":"
                + address.getPort() + " (store " + store + ", transport " + transport + "/"
                + net.multiplexingApi() + (nameNode == null ? "" : ", namenode " + nameNode.getHostString()
                        + ":" + nameNode.getPort()) + ")");
        System.out.flush();
        if (watch != null) {
            followJoin(watch, Member.idOf(host, address.getPort()));
        }
        node.awaitClosed(); // SIGTERM, SIGINT or SHUTDOWN
        return 0;
    }

    /**
     * Runs {@code --warm-up} commands on a scratch node, unless 0; a failed warm-up costs only
     * itself, never the node.
     *
     * @return the commands run
     */
    long warmUp(TransportProvider transports, TransportConfig config, StoreProvider stores) {
        if (warmUpCommands == 0) {
            return 0;
        }
        try {
            WarmUp.Result result = WarmUp.run(transports, config, stores, store, warmUpCommands, WARM_UP_LIMIT);
            LOG.info("warm-up: {} commands on a scratch {} store in {} ms", result.commands(), store,
                    TimeUnit.NANOSECONDS.toMillis(result.nanos()));
            return result.commands();
        } catch (IOException | RuntimeException e) {
            LOG.warn("warm-up failed, serving without it: {}", e.toString());
            return 0;
        }
    }

    /** Shows the join's hand-over after the ready line, on a thread of its own: serving never waits for it. */
    private static void followJoin(JoinWatch watch, String memberId) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        MoveProgressView view = new MoveProgressView(out, MoveProgressView.onTerminal(), "joining " + memberId,
                "received", System::nanoTime);
        Thread.ofPlatform().daemon().name("chkv-join-progress").start(() -> {
            try (watch) {
                watch.follow(memberId, view);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** @return whether {@code option} was given on the command line, where it wins over the file */
    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The password: {@code --requirepass}, {@code --requirepass-file}, the environment, then the
     * configuration file, the first that gives one.
     */
    String password(String fromEnvironment) {
        if (given("--requirepass") && requirePassFile != null) {
            throw new IllegalArgumentException("--requirepass and --requirepass-file (expected: one of them)");
        }
        if (given("--requirepass")) {
            return requirePass;
        }
        if (requirePassFile != null) {
            try {
                return Files.readString(requirePassFile, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
            } catch (IOException e) {
                throw new IllegalArgumentException("--requirepass-file " + requirePassFile + ": " + e.getMessage(), e);
            }
        }
        return fromEnvironment != null && !fromEnvironment.isEmpty() ? fromEnvironment : requirePass;
    }
}
