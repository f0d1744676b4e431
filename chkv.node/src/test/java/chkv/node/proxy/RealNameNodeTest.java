package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.KvClient;
import chkv.api.RedisException;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Placement;
import chkv.node.boot.Providers;
import chkv.node.datanode.DataNode;
import chkv.node.namenode.NameNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The client and the proxy against the real NameNode: three standalone DataNodes are registered
 * with it over control connections (as their membership agent would), and the proxy places
 * every key on the node the NameNode's ring says.
 */
class RealNameNodeTest {
    private static final String SECRET = "real-secret";

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static Transport transport(boolean messages) {
        TransportConfig d = TransportConfig.defaults();
        return Providers.transports().get("netty").create(new TransportConfig(1, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(),
                messages ? ClusterMessage.PROTOCOL_VERSION : d.protocolVersion(),
                messages ? ClusterMessage.types() : List.of(), Map.of()));
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private String uri(NameNode nameNode, String secret) {
        return "chkv://127.0.0.1:" + nameNode.controlAddress().getPort() + "?io-threads=1&connect-timeout-ms=5000&secret="
                + secret;
    }

    @Test
    void proxy_placesKeysByTheNameNodesRing() throws Exception {
        ClusterAuth auth = new ClusterAuth(SECRET.getBytes(StandardCharsets.UTF_8));
        NameNode nameNode = open(NameNode.start(transport(true),
                Providers.failureDetectors().get("probe").create(
                        new FailureDetectorConfig(Clock.systemUTC(), Duration.ofMillis(100), 3, Map.of())),
                NameNode.Settings.of(new InetSocketAddress("127.0.0.1", 0), dir,
                name -> chkv.node.boot.Providers.hashFunctions().get(name).create()).withCluster("cache", 1, 64, "murmur3")
                        .withAuth(auth)));

        KvClient early = open(KvClient.connect(uri(nameNode, SECRET)));
        assertThatThrownBy(() -> early.get("k".getBytes(StandardCharsets.UTF_8))).isInstanceOf(RedisException.class)
                .hasMessage("CLUSTERDOWN Hash slot not served");
        assertThatThrownBy(() -> KvClient.connect(uri(nameNode, "wrong").replace("5000", "300")))
                .hasMessageContaining("NameNode");

        Transport agents = open(transport(true));
        List<DataNode> dataNodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DataNode node = open(DataNode.start(transport(false),
                    Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC())),
                    DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0))));
            dataNodes.add(node);
            ControlClient agent = open(ControlClient.connect(agents, nameNode.controlAddress(), "datanode", auth,
                    message -> {}, () -> {}).toCompletableFuture().get(5, TimeUnit.SECONDS));
            agent.send(new ClusterMessage.Join("127.0.0.1", node.respAddress().getPort(), 0, 1));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (nameNode.topology().ringMembers().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(nameNode.topology().ringMembers()).hasSize(3);

        // opened after the joins, so its first topology is the one with three members
        Proxy proxy = open(Proxy.start(transport(false), KvClient.connect(uri(nameNode, SECRET) + "&role=proxy"),
                Proxy.Settings.of(new InetSocketAddress("127.0.0.1", 0))));
        Placement placement = new Placement(nameNode.topology(), Providers.hashFunctions().get("murmur3").create());
        Map<Integer, Long> expected = new HashMap<>();
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            String key = "item:" + i;
            pairs.add(key);
            pairs.add("v" + i);
            expected.merge(placement.owner(key.getBytes(StandardCharsets.UTF_8)).respPort(), 1L, Long::sum);
        }
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.respAddress().getPort())) {
            assertThat(jedis.mset(pairs.toArray(String[]::new))).isEqualTo("OK");
            assertThat(jedis.dbSize()).isEqualTo(90);
            assertThat(jedis.mget("item:0", "item:89", "none")).containsExactly("v0", "v89", null);
        }
        Map<Integer, Long> actual = new HashMap<>();
        for (DataNode node : dataNodes) {
            try (Jedis direct = new Jedis("127.0.0.1", node.respAddress().getPort())) {
                actual.put(node.respAddress().getPort(), direct.dbSize());
            }
        }
        assertThat(expected).hasSize(3);
        assertThat(actual).isEqualTo(expected);
    }
}
