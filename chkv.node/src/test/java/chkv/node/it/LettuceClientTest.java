package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Lettuce, unchanged, against a standalone DataNode. Lettuce opens every connection with
 * {@code HELLO} (RESP3 unless told otherwise) and {@code CLIENT SETINFO}, and pipelines whatever
 * its asynchronous API is given, so this covers the handshake and reply shapes Jedis does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LettuceClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private NodeFixture node;
    private NodeFixture secured;
    private ClientResources resources;

    @BeforeAll
    void start() {
        node = NodeFixture.start("heap");
        secured = NodeFixture.start("heap", "s3cret");
        // two I/O threads, no metrics: the defaults size pools by the machine's cores
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    }

    @AfterAll
    void stop() {
        if (resources != null) {
            // through java.util.concurrent's Future: this module does not read Netty's
            java.util.concurrent.Future<Boolean> done = resources.shutdown(0, 2, TimeUnit.SECONDS);
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("client resources did not shut down", e);
            }
        }
        for (NodeFixture n : new NodeFixture[] {node, secured}) {
            if (n != null) {
                n.close();
            }
        }
    }

    /** Runs {@code body} on a fresh connection of a fresh client, then closes both. */
    private void with(NodeFixture target, ProtocolVersion protocol, String password,
            ThrowingConsumer<StatefulRedisConnection<String, String>> body) throws Exception {
        RedisURI.Builder uri = RedisURI.builder().withHost(target.address().getHostString())
                .withPort(target.address().getPort()).withTimeout(TIMEOUT);
        if (password != null) {
            uri.withPassword(password.toCharArray());
        }
        RedisClient client = RedisClient.create(resources, uri.build());
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            body.accept(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private interface ThrowingConsumer<T> {
        void accept(T value) throws Exception;
    }

    @Test
    public void resp3_stringsCountersAndExpiry() throws Exception {
        with(node, ProtocolVersion.RESP3, null, c -> {
            RedisCommands<String, String> redis = c.sync();
            redis.flushall();
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(redis.set("k", "v")).isEqualTo("OK");
            assertThat(redis.get("k")).isEqualTo("v");
            assertThat(redis.get("missing")).isNull();
            assertThat(redis.set("k", "w", SetArgs.Builder.nx())).isNull();
            assertThat(redis.setGet("k", "x")).isEqualTo("v");
            assertThat(redis.incrby("n", 41)).isEqualTo(41);
            assertThat(redis.incr("n")).isEqualTo(42);
            assertThat(redis.incrbyfloat("f", 1.5)).isEqualTo(1.5);
            assertThat(redis.expire("k", 100)).isTrue();
            assertThat(redis.ttl("k")).isBetween(99L, 100L);
            assertThat(redis.persist("k")).isTrue();
            assertThat(redis.ttl("k")).isEqualTo(-1);
            assertThat(redis.exists("k", "n", "missing")).isEqualTo(2);
            assertThat(redis.type("k")).isEqualTo("string");
            assertThat(redis.dbsize()).isEqualTo(3);
            assertThat(redis.del("k", "missing")).isEqualTo(1);
            assertThatThrownBy(() -> redis.incr("f"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("ERR value is not an integer or out of range");
        });
    }

    @Test
    public void resp2_multiKeyCommandsAndScan() throws Exception {
        with(node, ProtocolVersion.RESP2, null, c -> {
            RedisCommands<String, String> redis = c.sync();
            redis.flushall();
            Map<String, String> pairs = new LinkedHashMap<>();
            for (int i = 0; i < 50; i++) {
                pairs.put("key:" + i, "value:" + i);
            }
            assertThat(redis.mset(pairs)).isEqualTo("OK");
            assertThat(redis.msetnx(Map.of("key:0", "x", "fresh", "y"))).isFalse();
            assertThat(redis.exists("fresh")).isZero();
            List<KeyValue<String, String>> values = redis.mget("key:3", "nope", "key:7");
            assertThat(values).extracting(kv -> kv.getValueOrElse(null)).containsExactly("value:3", null, "value:7");
            assertThat(new HashSet<>(redis.keys("key:*"))).isEqualTo(pairs.keySet());
            Set<String> scanned = new HashSet<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            for (int steps = 0; steps < 1_000 && !cursor.isFinished(); steps++) {
                var page = redis.scan(cursor, ScanArgs.Builder.matches("key:*").limit(7));
                scanned.addAll(page.getKeys());
                cursor = page;
            }
            assertThat(cursor.isFinished()).isTrue();
            assertThat(scanned).isEqualTo(pairs.keySet());
            assertThat(redis.info("keyspace")).contains("db0:keys=50,expires=0,avg_ttl=0");
        });
    }

    @Test
    public void asyncPipeline_repliesArriveInOrder() throws Exception {
        with(node, ProtocolVersion.RESP3, null, c -> {
            c.sync().flushall();
            RedisAsyncCommands<String, String> async = c.async();
            c.setAutoFlushCommands(false); // one batch on the wire, as a pipelining client sends it
            List<RedisFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(async.set("p:" + i, Integer.toString(i)));
                futures.add(async.incr("counter"));
            }
            RedisFuture<String> last = async.get("p:1999");
            futures.add(last);
            c.flushCommands();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, futures.toArray(new RedisFuture<?>[0]))).isTrue();
            for (int i = 0; i < 2_000; i++) {
                assertThat(futures.get(2 * i + 1).get()).isEqualTo((long) i + 1);
            }
            assertThat(last.get()).isEqualTo("1999");
            c.setAutoFlushCommands(true);
            assertThat(c.sync().dbsize()).isEqualTo(2_001);
        });
    }

    @Test
    public void password_handshakeAuthenticatesWithHello() throws Exception {
        // Lettuce authenticates in the HELLO it opens with (HELLO 3 AUTH default <password>)
        with(secured, ProtocolVersion.RESP3, "s3cret", c -> {
            assertThat(c.sync().set("auth", "ok")).isEqualTo("OK");
            assertThat(c.sync().get("auth")).isEqualTo("ok");
        });
        // with a wrong password the connection fails; Lettuce reports the server's WRONGPASS,
        // unless its own handshake handler is gone first (a race inside Lettuce when the reply
        // comes back fast), so the reply itself is checked on a raw connection below
        assertThatThrownBy(() -> with(secured, ProtocolVersion.RESP3, "wrong", c -> c.sync().ping()))
                .isInstanceOf(Exception.class);
        try (RawConnection raw = new RawConnection(secured.address())) {
            raw.write("HELLO 3 AUTH default wrong\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(raw.read().raw(), StandardCharsets.US_ASCII))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            assertThat(new String(raw.read().raw(), StandardCharsets.US_ASCII))
                    .isEqualTo("-NOAUTH Authentication required.\r\n");
        }
    }

    @Test
    public void clientSetInfo_isRecordedForClientList() throws Exception {
        with(node, ProtocolVersion.RESP3, null, c ->
                assertThat(c.sync().clientList()).contains(" lib-name=Lettuce"));
    }
}
