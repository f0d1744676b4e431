package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.node.datanode.DataNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** A stock Redis client through the proxy, in front of three DataNodes. */
class ProxyJedisTest {
    private static ProxyCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new ProxyCluster(null);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Jedis jedis(InetSocketAddress a, RedisProtocol protocol) {
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(10_000).build());
    }

    @BeforeEach
    void empty() {
        try (Jedis j = jedis(cluster.proxyAddress(), RedisProtocol.RESP2)) {
            assertThat(j.flushAll()).isEqualTo("OK");
        }
    }

    /** @return how many of {@code keys} each DataNode holds, asked of the nodes directly */
    private static Map<InetSocketAddress, Long> sizesOnNodes() {
        Map<InetSocketAddress, Long> sizes = new HashMap<>();
        for (DataNode node : cluster.dataNodes) {
            try (Jedis j = jedis(node.respAddress(), RedisProtocol.RESP2)) {
                sizes.put(node.respAddress(), j.dbSize());
            }
        }
        return sizes;
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void keysCommands_spanTheNodes_andEachKeyLivesOnItsOwner(RedisProtocol protocol) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("user:" + i);
        }
        try (Jedis j = jedis(cluster.proxyAddress(), protocol)) {
            for (String key : keys.subList(0, 30)) {
                assertThat(j.set(key, "v" + key)).isEqualTo("OK");
            }
            List<String> pairs = new ArrayList<>();
            keys.subList(30, 60).forEach(k -> pairs.addAll(List.of(k, "v" + k)));
            assertThat(j.mset(pairs.toArray(String[]::new))).isEqualTo("OK");

            Map<InetSocketAddress, Long> expected = new HashMap<>();
            keys.forEach(k -> expected.merge(cluster.ownerOf(k.getBytes(StandardCharsets.UTF_8)), 1L, Long::sum));
            assertThat(expected).as("the keys land on every node").hasSize(3);
            assertThat(sizesOnNodes()).isEqualTo(expected);

            assertThat(j.get("user:7")).isEqualTo("vuser:7");
            List<String> asked = new ArrayList<>(keys);
            asked.add(5, "missing");
            List<String> values = new ArrayList<>();
            asked.forEach(k -> values.add(k.equals("missing") ? null : "v" + k));
            assertThat(j.mget(asked.toArray(String[]::new))).isEqualTo(values);
            assertThat(j.dbSize()).isEqualTo(60);
            assertThat(j.keys("user:*")).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(j.exists(keys.subList(0, 10).toArray(String[]::new))).isEqualTo(10);
            assertThat(j.del(keys.subList(0, 10).toArray(String[]::new))).isEqualTo(10);
            assertThat(j.dbSize()).isEqualTo(50);
            assertThat(j.flushAll()).isEqualTo("OK");
            assertThat(j.dbSize()).isZero();
            assertThat(sizesOnNodes().values()).containsOnly(0L);
        }
    }

    @Test
    void scan_visitsEveryKeyOfEveryNodeOnce() {
        try (Jedis j = jedis(cluster.proxyAddress(), RedisProtocol.RESP2)) {
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                keys.add("k" + i);
                j.set("k" + i, "v");
            }
            List<String> seen = new ArrayList<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int pages = 0;
            do {
                ScanResult<String> page = j.scan(cursor, new ScanParams().count(20));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals("0") && ++pages < 1_000);
            assertThat(cursor).isEqualTo("0");
            assertThat(new HashSet<>(seen)).isEqualTo(keys);
            ScanResult<String> matching = j.scan("0", new ScanParams().match("k1*").count(1000));
            assertThat(matching.getResult()).allMatch(k -> k.startsWith("k1"));
        }
    }

    @Test
    void pipeline_repliesInCommandOrder_acrossNodes() {
        try (Jedis j = jedis(cluster.proxyAddress(), RedisProtocol.RESP2)) {
            Pipeline p = j.pipelined();
            List<Response<Long>> counters = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                counters.add(p.incr("c" + (i % 7)));
                gets.add(p.get("c" + (i % 7)));
            }
            p.sync();
            int[] count = new int[7];
            for (int i = 0; i < 300; i++) {
                long expected = ++count[i % 7];
                assertThat(counters.get(i).get()).isEqualTo(expected);
                assertThat(gets.get(i).get()).isEqualTo(Long.toString(expected));
            }
        }
    }

    @Test
    void errors_keepRedisWords_andConnectionCommandsAreAnsweredByTheProxy() {
        try (Jedis j = jedis(cluster.proxyAddress(), RedisProtocol.RESP3)) {
            j.set("s", "text");
            assertThatThrownBy(() -> j.incr("s")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(j.ping()).isEqualTo("PONG");
            assertThat(j.echo("hello")).isEqualTo("hello");
            assertThat(j.clientSetname("me")).isEqualTo("OK");
            assertThat(j.clientGetname()).isEqualTo("me");
            assertThat(j.clientInfo()).contains("name=me");
            assertThat(j.select(0)).isEqualTo("OK");
            assertThatThrownBy(() -> j.select(1)).hasMessage("ERR DB index is out of range");
            assertThatThrownBy(() -> j.msetnx("s", "1", "other-key-on-any-node-" + otherOwner("s"), "2"))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThat(j.msetnx("{t}a", "1", "{t}b", "2")).isEqualTo(1);
        }
    }

    /** @return a suffix that gives a key owned by another node than {@code key}'s */
    private static int otherOwner(String key) {
        InetSocketAddress owner = cluster.ownerOf(key.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10_000; i++) {
            if (!cluster.ownerOf(("other-key-on-any-node-" + i).getBytes(StandardCharsets.UTF_8)).equals(owner)) {
                return i;
            }
        }
        throw new AssertionError("every key on one node");
    }
}
