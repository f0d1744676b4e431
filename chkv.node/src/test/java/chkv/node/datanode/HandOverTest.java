package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.KvClient;
import chkv.api.SetArgs;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import chkv.node.namenode.NameNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Ranges move with their keys: a DataNode that joins a cluster holding data receives its share
 * from the current owners, and one that leaves hands everything over first, while a writer keeps
 * writing through the client library. Real NameNode, real DataNodes and sockets, in one JVM.
 */
class HandOverTest {
    private static final String SECRET = "s3cret";
    private static final int KEYS = 20_000;

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
    void joinThenLeave_underWrites_everyKeyAndAcknowledgedWriteStays() throws Exception {
        NameNode nameNode = nameNode();
        List<DataNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(dataNode(nameNode));
            awaitTopology(nameNode, t -> t.ringMembers().size() == nodes.size() && !t.unsettled());
        }
        KvClient client = open(KvClient.connect("chkv://127.0.0.1:" + nameNode.controlAddress().getPort()
                + "?io-threads=1&secret=" + SECRET));
        for (int i = 0; i < KEYS; i++) {
            client.set(key("k" + i), key("v" + i));
        }
        client.set(key("ttl"), key("t"), SetArgs.none().px(100_000));
        byte[] big = new byte[3 * 1024 * 1024 + 17]; // goes in pieces, several batches
        new java.util.Random(7).nextBytes(big);
        for (int i = 0; i < 8; i++) {
            client.set(key("big" + i), big);
        }

        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            long n = 0;
            while (writing.get() && n < 1_000_000) {
                String k = "w" + (n % 500);
                try {
                    client.set(key(k), key(Long.toString(n)));
                    acknowledged.put(k, n);
                    if (n % 97 == 0) {
                        client.del(key("k" + (n % KEYS)));
                        acknowledged.put("k" + (n % KEYS), -1L);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
                n++;
            }
        });

        DataNode joiner = dataNode(nameNode);
        Topology joined = awaitTopology(nameNode, t -> t.ringMembers().size() == 4 && !t.unsettled());
        assertThat(joined.member(memberId(joiner)).orElseThrow().state()).isEqualTo(MemberState.UP);

        DataNode first = nodes.removeFirst();
        opened.remove(first);
        first.close(); // a cache-mode member hands everything over before it goes
        Topology after = nameNode.topology();
        assertThat(after.member(memberId(first))).isEmpty();
        assertThat(after.ringMembers()).hasSize(3);

        writing.set(false);
        writer.join(10_000);
        assertThat(failures.get()).as("writes that failed during the moves, first: %s", firstFailure.get()).isZero();
        for (int i = 0; i < KEYS; i++) {
            String k = "k" + i;
            byte[] value = client.get(key(k));
            if (Long.valueOf(-1L).equals(acknowledged.get(k))) {
                assertThat(value).as(k + " was deleted").isNull();
            } else {
                assertThat(value).as(k).isEqualTo(key("v" + i));
            }
        }
        for (var e : acknowledged.entrySet()) {
            if (e.getKey().startsWith("w")) {
                assertThat(new String(client.get(key(e.getKey())), StandardCharsets.UTF_8))
                        .as(e.getKey()).isEqualTo(Long.toString(e.getValue()));
            }
        }
        assertThat(client.pttl(key("ttl"))).isBetween(1L, 100_000L);
        for (int i = 0; i < 8; i++) {
            assertThat(client.get(key("big" + i))).as("big%d", i).isEqualTo(big);
        }

        long total = client.dbsize();
        long onJoiner = awaitDbSize(joiner, total, nodes);
        assertThat((double) onJoiner / total).as("the joiner's share of %d keys", total).isBetween(0.2, 0.47);
    }

    @Test
    void flushAllOnTheSources_duringAJoin_bringsNothingBackOnTheJoiner() throws Exception {
        NameNode nameNode = nameNode();
        long slow = 128 * 1024; // bytes per second: the sources hand over for seconds
        List<DataNode> sources = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sources.add(dataNode(nameNode, slow));
            awaitTopology(nameNode, t -> t.ringMembers().size() == sources.size() && !t.unsettled());
        }
        KvClient client = open(KvClient.connect("chkv://127.0.0.1:" + nameNode.controlAddress().getPort()
                + "?io-threads=1&secret=" + SECRET));
        byte[] value = new byte[100];
        for (int i = 0; i < KEYS; i++) {
            client.set(key("k" + i), value);
        }
        DataNode joiner = dataNode(nameNode, slow);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (dbSize(joiner) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(dbSize(joiner)).as("keys the joiner received before the flush").isPositive();
        assertThat(nameNode.topology().unsettled()).as("the join still moving").isTrue();
        for (DataNode source : sources) {
            flushAll(source);
        }
        awaitTopology(nameNode, t -> t.ringMembers().size() == 3 && !t.unsettled());
        assertThat(awaitDbSize(joiner, 0, sources)).as("flushed keys on the joiner").isZero();
    }

    /** FLUSHALL on one node, again while it answers TRYAGAIN (its ranges frozen for a moment). */
    private static void flushAll(DataNode node) throws InterruptedException {
        try (Jedis j = new Jedis("127.0.0.1", node.respAddress().getPort())) {
            for (int tries = 0; ; tries++) {
                try {
                    assertThat(j.flushAll()).isEqualTo("OK");
                    return;
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    if (!e.getMessage().startsWith("TRYAGAIN") || tries > 100) {
                        throw e;
                    }
                    Thread.sleep(10);
                }
            }
        }
    }

    /** Waits until the nodes' keys add up to {@code total} (handed-over keys swept away), @return the joiner's */
    private static long awaitDbSize(DataNode joiner, long total, List<DataNode> others) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long sum;
        long mine;
        do {
            mine = dbSize(joiner);
            sum = mine;
            for (DataNode n : others) {
                sum += dbSize(n);
            }
            if (sum == total) {
                return mine;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(sum).as("keys held by the members").isEqualTo(total);
        return mine;
    }

    private static long dbSize(DataNode node) {
        try (Jedis j = new Jedis("127.0.0.1", node.respAddress().getPort())) {
            return j.dbSize();
        }
    }

    private static String memberId(DataNode node) {
        return "127.0.0.1:" + node.respAddress().getPort();
    }

    private NameNode nameNode() {
        return open(NameNode.start(transport(),
                Providers.failureDetectors().get("probe").create(
                        new FailureDetectorConfig(Clock.systemUTC(), Duration.ofMillis(100), 3, Map.of())),
                NameNode.Settings.of(new InetSocketAddress("127.0.0.1", 0), dir,
                        name -> Providers.hashFunctions().get(name).create())
                        .withCluster("cache", 1, 256, "murmur3")
                        .withAuth(new ClusterAuth(SECRET.getBytes(StandardCharsets.UTF_8)))));
    }

    private DataNode dataNode(NameNode nameNode) {
        return dataNode(nameNode, DataNode.Cluster.DEFAULT_MOVE_RATE);
    }

    private DataNode dataNode(NameNode nameNode, long moveRate) {
        return open(DataNode.start(transport(),
                Providers.stores().get("heap").create(StoreConfig.of(DataNode.storeClock())),
                DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0)).withCluster(new DataNode.Cluster(
                        nameNode.controlAddress(), SECRET.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                        name -> Providers.hashFunctions().get(name).create(), Duration.ofMillis(100))
                        .withMoves(0, moveRate, DataNode.Cluster.DEFAULT_LEAVE_TIMEOUT))));
    }

    private static Topology awaitTopology(NameNode nameNode, Predicate<Topology> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(nameNode.topology()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(nameNode.topology()).matches(condition, "the awaited topology");
        return nameNode.topology();
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

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
