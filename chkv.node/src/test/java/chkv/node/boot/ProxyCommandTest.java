package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.node.datanode.DataNode;
import chkv.node.namenode.NameNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * {@code chkv proxy} as its own process in front of a NameNode and two DataNodes of this JVM:
 * {@code --transport-option} reaches the transport that serves its clients and reaches the
 * DataNodes, and a bad one stops it before it connects or listens.
 */
class ProxyCommandTest {
    private static final String SECRET = "proxy-command-secret";

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    @Test
    void transportOptionNio_servesTheClusterOverNio_andSaysSoWhenReady() throws Exception {
        NameNode nameNode = nameNode();
        List<DataNode> dataNodes = List.of(dataNode(nameNode), dataNode(nameNode));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((nameNode.topology().ringMembers().size() < 2 || nameNode.topology().unsettled())
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(nameNode.topology().ringMembers()).hasSize(2);
        assertThat(nameNode.topology().unsettled()).as("a hand-over in flight").isFalse();
        String control = "127.0.0.1:" + nameNode.controlAddress().getPort();

        ChkvProcess proxy = open(ChkvProcess.start(dir.resolve("proxy.log"), "proxy", "--namenode", control,
                "--port", "0", "--cluster-secret", SECRET, "--io-threads", "1",
                "--transport-option", "netty.io=nio"));

        assertThat(proxy.readyLine()).matches("chkv proxy: ready on 127\\.0\\.0\\.1:\\d+ "
                + "\\(transport netty/nio, namenode " + control.replace(".", "\\.") + "\\)");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add("k" + i);
            pairs.add("v" + i);
        }
        try (Jedis jedis = new Jedis("127.0.0.1", proxy.port(), 10_000)) {
            assertThat(jedis.mset(pairs.toArray(String[]::new))).isEqualTo("OK");
            assertThat(jedis.set("one", "1")).isEqualTo("OK");
            assertThat(jedis.incr("one")).isEqualTo(2);
            assertThat(jedis.mget("k0", "k39", "none")).containsExactly("v0", "v39", null);
            assertThat(jedis.dbSize()).isEqualTo(41);
        }
        long held = 0;
        for (DataNode node : dataNodes) {
            try (Jedis direct = new Jedis("127.0.0.1", node.respAddress().getPort(), 10_000)) {
                held += direct.dbSize();
            }
        }
        assertThat(held).as("keys the DataNodes hold").isEqualTo(41);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "netty.io=bogus | I/O API: bogus (expected: auto, io_uring, epoll or nio)",
        "netty.iox=nio | netty transport option: netty.iox (expected one of: netty.io, netty.write-buffer-high, "
                + "netty.write-buffer-low)"})
    void transportOptionBad_exitsNonZeroWithTheTransportsError_beforeItConnectsOrListens(String option, String error)
            throws Exception {
        try (ServerSocket nameNode = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // its own port is taken: had it got as far as listening, it would fail on that instead
            ChkvProcess.Run run = ChkvProcess.run("proxy", "--namenode", "127.0.0.1:" + nameNode.getLocalPort(),
                    "--port", Integer.toString(taken.getLocalPort()), "--cluster-secret", SECRET,
                    "--transport-option", option);

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("proxy: " + error + System.lineSeparator());
            assertThat(run.out()).doesNotContain("ready on");
            nameNode.setSoTimeout(100);
            assertThatThrownBy(nameNode::accept).as("no connection to the NameNode")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    private NameNode nameNode() {
        return open(NameNode.start(transport(),
                Providers.failureDetectors().get("probe").create(
                        new FailureDetectorConfig(Clock.systemUTC(), Duration.ofMillis(100), 3, Map.of())),
                NameNode.Settings.of(new InetSocketAddress("127.0.0.1", 0), dir.resolve("namenode"),
                                name -> Providers.hashFunctions().get(name).create())
                        .withCluster("cache", 1, 64, "murmur3")
                        .withAuth(new ClusterAuth(SECRET.getBytes(StandardCharsets.UTF_8)))));
    }

    private DataNode dataNode(NameNode nameNode) {
        return open(DataNode.start(transport(),
                Providers.stores().get("heap").create(StoreConfig.of(DataNode.storeClock())),
                DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0)).withCluster(new DataNode.Cluster(
                        nameNode.controlAddress(), SECRET.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                        name -> Providers.hashFunctions().get(name).create(), Duration.ofMillis(100)))));
    }

    private static Transport transport() {
        TransportConfig d = TransportConfig.defaults();
        return Providers.transports().get("netty").create(new TransportConfig(1, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(), d.protocolVersion(),
                d.messageTypes(), Map.of()).withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }
}
