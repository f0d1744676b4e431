package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ChkvException;
import chkv.api.KvClient;
import chkv.api.RedisException;
import chkv.api.ScanResult;
import chkv.api.SetArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client library's typed API, opened by URI, against three real DataNodes. */
class KvClientClusterTest {
    private static ProxyCluster cluster;
    private static KvClient client;

    @BeforeAll
    static void start() {
        cluster = new ProxyCluster(null);
        client = cluster.client("client");
    }

    @AfterAll
    static void stop() {
        try {
            client.close();
        } finally {
            cluster.close();
        }
    }

    @BeforeEach
    void empty() {
        client.flushall();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void strings_counters_andExpiry() {
        client.set(b("k"), b("v"));
        assertThat(s(client.get(b("k")))).isEqualTo("v");
        assertThat(client.set(b("k"), b("w"), SetArgs.none().nx())).isFalse();
        assertThat(client.set(b("k"), b("w"), SetArgs.none().xx().ex(100))).isTrue();
        assertThat(client.ttl(b("k"))).isBetween(99L, 100L);
        assertThat(s(client.setGet(b("k"), b("x"), SetArgs.none().keepttl()))).isEqualTo("w");
        assertThat(client.pttl(b("k"))).isBetween(90_000L, 100_000L);
        assertThat(client.persist(b("k"))).isTrue();
        assertThat(client.ttl(b("k"))).isEqualTo(-1);
        assertThat(client.expire(b("k"), 50)).isTrue();
        assertThat(client.pexpire(b("missing"), 50)).isFalse();
        assertThat(s(client.getexPersist(b("k")))).isEqualTo("x");
        assertThat(client.ttl(b("k"))).isEqualTo(-1);
        assertThat(s(client.getex(b("k"), 5_000))).isEqualTo("x");
        assertThat(client.pttl(b("k"))).isBetween(1L, 5_000L);
        assertThat(client.expireat(b("k"), System.currentTimeMillis() / 1000 + 1000)).isTrue();
        assertThat(client.pexpireat(b("k"), System.currentTimeMillis() + 1_000_000)).isTrue();
        assertThat(s(client.getdel(b("k")))).isEqualTo("x");
        assertThat(client.get(b("k"))).isNull();
        assertThat(client.ttl(b("k"))).isEqualTo(-2);

        assertThat(client.incr(b("n"))).isEqualTo(1);
        assertThat(client.incrby(b("n"), 10)).isEqualTo(11);
        assertThat(client.decr(b("n"))).isEqualTo(10);
        assertThat(client.decrby(b("n"), 4)).isEqualTo(6);
        assertThat(client.incrbyfloat(b("f"), 2.5)).isEqualTo(2.5);
        client.set(b("text"), b("abc"));
        assertThatThrownBy(() -> client.incr(b("text"))).isExactlyInstanceOf(RedisException.class)
                .hasMessage(RedisException.NOT_AN_INTEGER);
    }

    @Test
    void multiKey_andWholeCluster_commands() {
        List<byte[]> pairs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pairs.add(b("key" + i));
            pairs.add(b("value" + i));
        }
        client.mset(pairs.toArray(byte[][]::new));
        assertThat(client.dbsize()).isEqualTo(40);
        List<byte[]> values = client.mget(b("key3"), b("nope"), b("key39"), b("key0"));
        assertThat(values.stream().map(KvClientClusterTest::s).toList())
                .containsExactly("value3", null, "value39", "value0");
        assertThat(client.exists(b("key1"), b("key1"), b("nope"))).isEqualTo(2);
        assertThat(client.keys(b("key1*")).stream().map(KvClientClusterTest::s).toList()).containsExactlyInAnyOrder(
                "key1", "key10", "key11", "key12", "key13", "key14", "key15", "key16", "key17", "key18", "key19");
        Set<String> seen = new HashSet<>();
        String cursor = ScanResult.START;
        for (int pages = 0; pages < 1_000; pages++) {
            ScanResult page = client.scan(cursor, b("key*"), 7);
            page.keys().forEach(k -> seen.add(s(k)));
            cursor = page.cursor();
            if (page.finished()) {
                break;
            }
        }
        assertThat(cursor).isEqualTo(ScanResult.START);
        assertThat(seen).hasSize(40);
        assertThat(client.del(b("key1"), b("key2"), b("nope"))).isEqualTo(2);
        assertThat(client.dbsize()).isEqualTo(38);
        assertThat(client.ping()).isEqualTo("PONG");
        assertThat(s(client.echo(b("hi")))).isEqualTo("hi");
    }

    @Test
    void async_pipelinesInOrder() throws Exception {
        List<CompletableFuture<Long>> replies = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            replies.add(client.async().incr(b("counter")).toCompletableFuture());
        }
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
    }

    @Test
    void connect_withAWrongSecret_failsNamingTheNameNode() {
        int port = cluster.nameNode.address().getPort();
        assertThatThrownBy(() -> KvClient.connect("chkv://127.0.0.1:" + port + "?secret=wrong&connect-timeout-ms=500"))
                .isInstanceOf(ChkvException.class).hasMessageContaining("NameNode");
    }
}
