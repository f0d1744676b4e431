package chkv.node.boot;

import chkv.api.KvClient;
import chkv.api.spi.ClientLimits;
import chkv.api.spi.KvClientProvider;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterMessage;
import chkv.node.proxy.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chkv proxy}: one RESP endpoint for a whole cluster, until SIGTERM or SIGINT. */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a proxy: one Redis endpoint that routes every command to the cluster's DataNodes.")
final class ProxyCommand implements Callable<Integer> {

    @Option(names = "--namenode", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7370",
            description = "The NameNode's control address (default: ${DEFAULT-VALUE}).")
    String nameNode;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7379",
            description = "RESP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--requirepass", paramLabel = "PASSWORD",
            description = "Require clients to AUTH with this password.")
    String requirePass;

    @Option(names = "--datanode-password", paramLabel = "PASSWORD",
            description = "The DataNodes' requirepass, sent when connecting to them.")
    String dataNodePassword;

    @ArgGroup(exclusive = true)
    Secret secret;

    /** The cluster secret, given once. */
    static final class Secret {
        @Option(names = "--cluster-secret", paramLabel = "SECRET", required = true,
                description = "The cluster secret the NameNode was started with.")
        String text;

        @Option(names = "--cluster-secret-file", paramLabel = "FILE", required = true,
                description = "A file holding the cluster secret.")
        String file;
    }

    @Option(names = "--maxclients", paramLabel = "N", defaultValue = "10000",
            description = "Most clients connected at once, as Redis's maxclients (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Close a client idle this long, as Redis's timeout; 0 for never (the default).")
    long timeoutSeconds;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "netty",
            description = "Transport implementation, by provider name (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Network threads, for clients and for their commands to the DataNodes; "
                    + "0 for the transport's default.")
    int ioThreads;

    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    /** @return the cluster client's URI, options encoded */
    String clusterUri() {
        StringBuilder uri = new StringBuilder("chkv://").append(nameNode).append("?role=proxy");
        if (secret != null && secret.text != null) {
            uri.append("&secret=").append(encode(secret.text));
        }
        if (secret != null && secret.file != null) {
            uri.append("&secret-file=").append(encode(secret.file));
        }
        if (dataNodePassword != null) {
            uri.append("&password=").append(encode(dataNodePassword));
        }
        return uri.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public Integer call() throws InterruptedException {
        if (maxClients < 1 || timeoutSeconds < 0) {
            throw new IllegalArgumentException("--maxclients " + maxClients + " --timeout " + timeoutSeconds
                    + " (expected: at least 1 client, a timeout of 0 or more seconds)");
        }
        URI uri = URI.create(clusterUri());
        // resolve both names before connecting anywhere, so a typo fails without side effects
        var clients = new Providers<>("client", ServiceLoader.load(KvClientProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList(), KvClientProvider::scheme);
        KvClientProvider clientProvider = clients.get(uri.getScheme());
        var transportProvider = Providers.transports().get(transport);
        // one transport serves the clients and carries their commands to the DataNodes, so a
        // command forwarded from an I/O thread is sent and answered on that thread; created before
        // anything connects or listens, so a bad transport option fails without side effects
        Transport net = transportProvider.create(transportOptions.config(ioThreads)
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
        KvClient cluster;
        try {
            cluster = clientProvider.create(uri, net);
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        Proxy proxy = Proxy.start(net, cluster, Proxy.Settings.of(new InetSocketAddress(bind, port))
                .withRequirePass(requirePass)
                .withClientLimits(ClientLimits.DEFAULTS.withMaxClients(maxClients)
                        .withIdleTimeoutMillis(TimeUnit.SECONDS.toMillis(timeoutSeconds))));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "chkv-shutdown"));
        InetSocketAddress address = proxy.respAddress();
        System.out.println("chkv proxy: ready on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " (transport " + transport + "/" + net.multiplexingApi() + ", namenode " + nameNode + ")");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
