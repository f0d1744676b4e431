package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** Jedis, unchanged, against a standalone DataNode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JedisClientTest {
    private NodeFixture node;
    private Jedis jedis;

    @BeforeAll
    void startNode() {
        node = NodeFixture.start("heap");
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void connect() {
        jedis = connect(RedisProtocol.RESP2, null);
        jedis.flushAll();
    }

    @AfterEach
    void disconnect() {
        jedis.close();
    }

    private Jedis connect(RedisProtocol protocol, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .protocol(protocol).connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000);
        if (password != null) {
            config.password(password);
        }
        return new Jedis(new HostAndPort(node.address().getHostString(), node.address().getPort()),
                config.build());
    }

    @Test
    public void set_thenGet_returnsTheValue() {
        assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
        assertThat(jedis.get("greeting")).isEqualTo("hello");
        assertThat(jedis.get("missing")).isNull();
        assertThat(jedis.exists("greeting")).isTrue();
        assertThat(jedis.type("greeting")).isEqualTo("string");
        assertThat(jedis.del("greeting", "missing")).isEqualTo(1);
        assertThat(jedis.dbSize()).isZero();
    }

    @Test
    public void set_binaryValues_roundTripEveryByte() {
        byte[] key = {0, '\r', '\n', (byte) 0xff, ' '};
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        assertThat(jedis.set(key, value)).isEqualTo("OK");
        assertThat(jedis.get(key)).isEqualTo(value);
        assertThat(jedis.strlen(key)).isEqualTo(256);
        assertThat(jedis.set("empty".getBytes(StandardCharsets.UTF_8), new byte[0])).isEqualTo("OK");
        assertThat(jedis.get("empty".getBytes(StandardCharsets.UTF_8))).isEmpty();
        byte[] big = new byte[3 * 1024 * 1024];
        Arrays.fill(big, (byte) 'z');
        big[big.length - 1] = '\n';
        jedis.set("big".getBytes(StandardCharsets.UTF_8), big);
        assertThat(jedis.get("big".getBytes(StandardCharsets.UTF_8))).isEqualTo(big);
    }

    @Test
    public void set_withOptions_behavesAsRedis() {
        assertThat(jedis.set("k", "v", SetParams.setParams().nx())).isEqualTo("OK");
        assertThat(jedis.set("k", "w", SetParams.setParams().nx())).isNull();
        assertThat(jedis.set("k", "w", SetParams.setParams().xx().ex(100))).isEqualTo("OK");
        assertThat(jedis.ttl("k")).isBetween(99L, 100L);
        assertThat(jedis.setGet("k", "x")).isEqualTo("w");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.getDel("k")).isEqualTo("x");
        assertThat(jedis.exists("k")).isFalse();
    }

    @Test
    public void expire_ttlAndPersist() {
        jedis.set("k", "v");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.ttl("missing")).isEqualTo(-2);
        assertThat(jedis.expire("k", 100)).isEqualTo(1);
        assertThat(jedis.ttl("k")).isBetween(99L, 100L);
        assertThat(jedis.pttl("k")).isBetween(98_000L, 100_000L);
        assertThat(jedis.expireAt("k", 4_102_444_800L)).isEqualTo(1);
        assertThat(jedis.expireTime("k")).isEqualTo(4_102_444_800L);
        assertThat(jedis.persist("k")).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.pexpireAt("k", 1)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
        assertThat(jedis.expire("missing", 10)).isZero();
    }

    @Test
    public void incr_family() {
        assertThat(jedis.incr("n")).isEqualTo(1);
        assertThat(jedis.incrBy("n", 41)).isEqualTo(42);
        assertThat(jedis.decr("n")).isEqualTo(41);
        assertThat(jedis.decrBy("n", 40)).isEqualTo(1);
        assertThat(jedis.incrByFloat("n", 0.5)).isEqualTo(1.5);
        jedis.set("n", Long.toString(Long.MAX_VALUE));
        assertThatThrownBy(() -> jedis.incr("n")).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR increment or decrement would overflow");
        jedis.set("s", "abc");
        assertThatThrownBy(() -> jedis.incr("s")).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR value is not an integer or out of range");
    }

    @Test
    public void msetAndMget_withMissingKeys() {
        assertThat(jedis.mset("a", "1", "b", "2", "c", "3")).isEqualTo("OK");
        assertThat(jedis.mget("a", "missing", "c")).containsExactly("1", null, "3");
        assertThat(jedis.msetnx("c", "x", "d", "4")).isZero();
        assertThat(jedis.msetnx("d", "4", "e", "5")).isEqualTo(1);
        assertThat(jedis.append("a", "23")).isEqualTo(3);
        assertThat(jedis.getrange("a", 1, -1)).isEqualTo("23");
    }

    @Test
    public void scanAndKeys_findEveryMatchingKey() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            jedis.set("user:" + i, Integer.toString(i));
            expected.add("user:" + i);
            jedis.set("other:" + i, "x");
        }
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int pages = 0;
        do {
            ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("user:*").count(50));
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            pages++;
        } while (!cursor.equals("0") && pages < 10_000);
        assertThat(cursor).as("cursor after %d pages", pages).isEqualTo("0");
        assertThat(seen).isEqualTo(expected);
        assertThat(new HashSet<>(jedis.keys("user:1?"))).containsExactlyInAnyOrder(
                "user:10", "user:11", "user:12", "user:13", "user:14", "user:15", "user:16",
                "user:17", "user:18", "user:19");
        assertThat(jedis.keys("user:[0-4]9[0-9]")).hasSize(40);
        assertThat(jedis.dbSize()).isEqualTo(1000);
    }

    @Test
    public void pipeline_repliesArriveInOrder() {
        List<Response<Long>> counts = new ArrayList<>();
        List<Response<String>> values = new ArrayList<>();
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < 2_000; i++) {
                counts.add(pipeline.incr("counter"));
                pipeline.set("key" + i, "value" + i);
                values.add(pipeline.get("key" + i));
            }
            pipeline.sync();
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(counts.get(i).get()).isEqualTo(i + 1L);
            assertThat(values.get(i).get()).isEqualTo("value" + i);
        }
    }

    @Test
    public void resp3_helloThenCommands() {
        try (Jedis resp3 = connect(RedisProtocol.RESP3, null)) {
            assertThat(resp3.set("k3", "v3")).isEqualTo("OK");
            assertThat(resp3.get("k3")).isEqualTo("v3");
            assertThat(resp3.get("missing")).isNull();
            assertThat(resp3.mget("k3", "missing")).containsExactly("v3", null);
            assertThat(resp3.incrByFloat("f", 2.5)).isEqualTo(2.5);
            assertThat(resp3.ttl("k3")).isEqualTo(-1);
            assertThat(resp3.exists("k3", "missing")).isEqualTo(1);
        }
    }

    @Test
    public void clients_concurrentIncrements_noneLost() throws Exception {
        int threads = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (Jedis client = connect(RedisProtocol.RESP2, null)) {
                        for (int i = 0; i < each; i++) {
                            client.incr("shared");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jedis.get("shared")).isEqualTo(Integer.toString(threads * each));
    }

    @Test
    public void connections_openedAndClosedInBulk_serverKeepsServing() {
        for (int i = 0; i < 300; i++) {
            try (Jedis client = connect(i % 2 == 0 ? RedisProtocol.RESP2 : RedisProtocol.RESP3, null)) {
                assertThat(client.incr("opened")).isEqualTo(i + 1L);
            }
        }
        assertThat(jedis.get("opened")).isEqualTo("300");
    }

    @Test
    public void auth_requirePass_noAuthBeforeAndWorksAfter() {
        try (NodeFixture secured = NodeFixture.start("heap", "s3cret");
                Jedis client = new Jedis(new HostAndPort(secured.address().getHostString(),
                        secured.address().getPort()), DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000).build())) {
            assertThatThrownBy(() -> client.get("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
            assertThatThrownBy(() -> client.auth("wrong")).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGPASS");
            assertThatThrownBy(() -> client.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("NOAUTH Authentication required.");
            assertThat(client.auth("s3cret")).isEqualTo("OK");
            assertThat(client.set("k", "v")).isEqualTo("OK");
            assertThat(client.get("k")).isEqualTo("v");

            DefaultJedisClientConfig withPassword = DefaultJedisClientConfig.builder()
                    .password("s3cret").protocol(RedisProtocol.RESP3)
                    .connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000).build();
            try (Jedis authenticated = new Jedis(new HostAndPort(secured.address().getHostString(),
                    secured.address().getPort()), withPassword)) {
                assertThat(authenticated.get("k")).isEqualTo("v");
            }
        }
    }
}
