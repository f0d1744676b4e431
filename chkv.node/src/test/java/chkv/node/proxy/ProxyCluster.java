package chkv.node.proxy;

import chkv.api.KvClient;
import chkv.api.spi.KvClientProvider;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.Placement;
import chkv.node.boot.Providers;
import chkv.node.datanode.DataNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Three standalone DataNodes in this JVM (or nodes started elsewhere), a test NameNode publishing
 * them, a cluster client and a proxy in front, all on free loopback ports; closes everything it
 * opened.
 */
final class ProxyCluster implements AutoCloseable {
    static final String SECRET = "proxy-test-secret";

    final List<DataNode> dataNodes = new ArrayList<>();
    final FakeNameNode nameNode;
    final Proxy proxy;

    /** @param requirePass the proxy's password, or {@code null} */
    ProxyCluster(String requirePass) {
        this(requirePass, null);
    }

    /**
     * @param nodes RESP servers that play the DataNodes (their owner closes them)
     * @return a proxy in front of them, without a password
     */
    static ProxyCluster inFrontOf(List<InetSocketAddress> nodes) {
        return new ProxyCluster(null, nodes);
    }

    private ProxyCluster(String requirePass, List<InetSocketAddress> nodes) {
        FakeNameNode started = null;
        try {
            for (int i = 0; nodes == null && i < 3; i++) {
                dataNodes.add(DataNode.start(transport(), Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC())),
                        DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0))));
            }
            started = new FakeNameNode(SECRET.getBytes(StandardCharsets.UTF_8),
                    nodes != null ? nodes : dataNodes.stream().map(DataNode::respAddress).toList());
            nameNode = started;
            // as the proxy command wires it: the client shares the transport that serves RESP
            chkv.api.spi.Transport shared = sharedTransport(2);
            KvClient client;
            try {
                client = client("proxy", shared);
            } catch (RuntimeException | Error e) {
                shared.close();
                throw e;
            }
            proxy = Proxy.start(shared, client,
                    Proxy.Settings.of(new InetSocketAddress("127.0.0.1", 0)).withRequirePass(requirePass));
        } catch (RuntimeException | Error e) {
            if (started != null) {
                started.close();
            }
            dataNodes.forEach(DataNode::close);
            throw e;
        }
    }

    private static chkv.api.spi.Transport transport() {
        TransportConfig d = TransportConfig.defaults();
        return Providers.transports().get("netty").create(new TransportConfig(1, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(), d.protocolVersion(),
                d.messageTypes(), Map.of()));
    }

    /** @param ioThreads its I/O threads @return a transport that also speaks the cluster's messages */
    static chkv.api.spi.Transport sharedTransport(int ioThreads) {
        TransportConfig d = TransportConfig.defaults();
        return Providers.transports().get("netty").create(new TransportConfig(ioThreads, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(), d.protocolVersion(),
                d.messageTypes(), Map.of()).withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
    }

    /** @return the cluster client's URI for {@code role} */
    String uri(String role) {
        InetSocketAddress a = nameNode.address();
        return "chkv://127.0.0.1:" + a.getPort() + "?io-threads=1&role=" + role
                + "&secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    }

    /** @param role {@code client} or {@code proxy} @return a new cluster client; close it */
    KvClient client(String role) {
        return KvClient.connect(uri(role));
    }

    /**
     * @param role {@code client} or {@code proxy}
     * @param transport the transport it uses and leaves open
     * @return a new cluster client; close it, then the transport
     */
    KvClient client(String role, chkv.api.spi.Transport transport) {
        return ServiceLoader.load(KvClientProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.scheme().equals("chkv")).findFirst().orElseThrow()
                .create(URI.create(uri(role)), transport);
    }

    /** @return where each key lives, as the client computes it */
    Placement placement() {
        return new Placement(nameNode.topology(),
                Providers.hashFunctions().get(nameNode.topology().hash()).create());
    }

    /** @return the DataNode that owns {@code key} */
    InetSocketAddress ownerOf(byte[] key) {
        Member owner = placement().owner(key);
        return owner.respAddress();
    }

    /** @return the proxy's address */
    InetSocketAddress proxyAddress() {
        return proxy.respAddress();
    }

    @Override
    public void close() {
        try {
            proxy.close();
        } finally {
            nameNode.close();
            dataNodes.forEach(DataNode::close);
        }
    }
}
