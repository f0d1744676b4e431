package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * MULTI/EXEC and WATCH through the proxy with Jedis, pinned to the node that owns the keys: what
 * a proxy in front of any nodes that serve transactions must do. {@link ProxyTransactionTest}
 * runs it in front of DataNodes, {@link ProxyTransactionOnRedisTest} in front of redis-servers,
 * the reference for the replies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProxyTransactionContract {
    private ProxyCluster cluster;
    private List<InetSocketAddress> nodes;
    private AutoCloseable backing;

    /**
     * @param backing closed after the proxy, or {@code null}
     * @return the proxy in front of the nodes
     */
    abstract ProxyCluster start(java.util.function.Consumer<AutoCloseable> backing);

    /** @return the nodes' RESP addresses, to check what each holds */
    abstract List<InetSocketAddress> nodes(ProxyCluster cluster);

    @BeforeAll
    void startCluster() {
        cluster = start(b -> backing = b);
        nodes = nodes(cluster);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (backing != null) {
                backing.close();
            }
        }
    }

    static Jedis jedis(InetSocketAddress a, RedisProtocol protocol) {
        return new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().protocol(protocol).socketTimeoutMillis(10_000).build());
    }

    private Jedis proxy(RedisProtocol protocol) {
        return jedis(cluster.proxyAddress(), protocol);
    }

    @BeforeEach
    void empty() {
        for (InetSocketAddress node : nodes) {
            try (Jedis j = jedis(node, RedisProtocol.RESP2)) {
                j.flushAll();
            }
        }
    }

    /** @return the value of {@code key} on each node, asked of the nodes directly */
    private List<String> onNodes(String key) {
        return nodes.stream().map(a -> {
            try (Jedis j = jedis(a, RedisProtocol.RESP2)) {
                return j.get(key);
            }
        }).toList();
    }

    private String ownerValue(String key) {
        try (Jedis j = jedis(cluster.ownerOf(key.getBytes(StandardCharsets.UTF_8)), RedisProtocol.RESP2)) {
            return j.get(key);
        }
    }

    /** @return two keys that different nodes own */
    private List<String> keysOnTwoNodes() {
        String first = "tx:a";
        InetSocketAddress owner = cluster.ownerOf(first.getBytes(StandardCharsets.UTF_8));
        String other = IntStream.range(0, 1_000).mapToObj(i -> "tx:b" + i)
                .filter(k -> !cluster.ownerOf(k.getBytes(StandardCharsets.UTF_8)).equals(owner))
                .findFirst().orElseThrow();
        return List.of(first, other);
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void transaction_onOneKey_runsAtomicallyOnItsOwner(RedisProtocol protocol) {
        try (Jedis j = proxy(protocol)) {
            Transaction t = j.multi();
            Response<String> set = t.set("tx:counter", "1");
            Response<Long> incr = t.incr("tx:counter");
            Response<String> get = t.get("tx:counter");
            List<Object> results = t.exec();
            assertThat(results).hasSize(3);
            assertThat(set.get()).isEqualTo("OK");
            assertThat(incr.get()).isEqualTo(2L);
            assertThat(get.get()).isEqualTo("2");
            assertThat(j.get("tx:counter")).isEqualTo("2");
        }
        assertThat(ownerValue("tx:counter")).isEqualTo("2");
        assertThat(onNodes("tx:counter")).filteredOn(v -> v != null).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void watchRecipe_commitsWhenUntouched_andAbortsWhenAnotherClientWrote(RedisProtocol protocol) {
        try (Jedis j = proxy(protocol); Jedis other = proxy(protocol)) {
            j.set("tx:balance", "10");
            assertThat(j.watch("tx:balance")).isEqualTo("OK");
            long balance = Long.parseLong(j.get("tx:balance"));
            Transaction t = j.multi();
            t.set("tx:balance", Long.toString(balance + 5));
            assertThat(t.exec()).containsExactly("OK");
            assertThat(j.get("tx:balance")).isEqualTo("15");

            assertThat(j.watch("tx:balance")).isEqualTo("OK");
            balance = Long.parseLong(j.get("tx:balance"));
            other.set("tx:balance", "100"); // another client, through the proxy, between WATCH and EXEC
            t = j.multi();
            t.set("tx:balance", Long.toString(balance + 5));
            assertThat(t.exec()).isNull();
            assertThat(j.get("tx:balance")).isEqualTo("100");

            // after an EXEC the key is no longer watched: the next transaction commits
            other.set("tx:balance", "1");
            t = j.multi();
            t.incr("tx:balance");
            assertThat(t.exec()).containsExactly(2L);
        }
        assertThat(ownerValue("tx:balance")).isEqualTo("2");
    }

    @Test
    void unwatch_andDiscard_dropTheWatch() {
        try (Jedis j = proxy(RedisProtocol.RESP2); Jedis other = proxy(RedisProtocol.RESP2)) {
            j.watch("tx:w");
            other.set("tx:w", "x");
            assertThat(j.unwatch()).isEqualTo("OK");
            Transaction t = j.multi();
            t.set("tx:w", "mine");
            assertThat(t.exec()).containsExactly("OK");

            j.watch("tx:w");
            t = j.multi();
            t.set("tx:w", "discarded");
            assertThat(t.discard()).isEqualTo("OK");
            other.set("tx:w", "theirs");
            t = j.multi();
            t.set("tx:w", "again");
            assertThat(t.exec()).containsExactly("OK");
            assertThat(j.get("tx:w")).isEqualTo("again");
        }
    }

    @Test
    void keysOfTwoNodes_areCrossslot_andAbortTheTransaction() {
        List<String> keys = keysOnTwoNodes();
        try (Jedis j = proxy(RedisProtocol.RESP2)) {
            assertThat(j.sendCommand(Command.MULTI)).isEqualTo(bytes("OK"));
            assertThat(j.sendCommand(Command.SET, keys.get(0), "1")).isEqualTo(bytes("QUEUED"));
            assertThatThrownBy(() -> j.sendCommand(Command.SET, keys.get(1), "1"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThatThrownBy(() -> j.sendCommand(Command.EXEC)).isInstanceOf(JedisDataException.class)
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");
            assertThat(onNodes(keys.get(0))).containsOnlyNulls();

            assertThat(j.sendCommand(Command.MULTI)).isEqualTo(bytes("OK"));
            assertThatThrownBy(() -> j.sendCommand(Command.MSET, keys.get(0), "1", keys.get(1), "2"))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThatThrownBy(() -> j.sendCommand(Command.EXEC))
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");

            assertThatThrownBy(() -> j.watch(keys.get(0), keys.get(1)))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            j.watch(keys.get(0));
            assertThatThrownBy(() -> j.watch(keys.get(1)))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            // the other node's key is served as usual meanwhile
            assertThat(j.set(keys.get(1), "elsewhere")).isEqualTo("OK");
            assertThat(j.unwatch()).isEqualTo("OK");
        }
        assertThat(onNodes(keys.get(0))).containsOnlyNulls();
        assertThat(ownerValue(keys.get(1))).isEqualTo("elsewhere");
    }

    @Test
    void misplacedTransactionCommands_areAnsweredInRedisWords() {
        try (Jedis j = proxy(RedisProtocol.RESP2)) {
            assertThatThrownBy(() -> j.sendCommand(Command.EXEC)).hasMessage("ERR EXEC without MULTI");
            assertThatThrownBy(() -> j.sendCommand(Command.DISCARD)).hasMessage("ERR DISCARD without MULTI");
            assertThat(j.sendCommand(Command.MULTI)).isEqualTo(bytes("OK"));
            assertThatThrownBy(() -> j.sendCommand(Command.MULTI)).hasMessage("ERR MULTI calls can not be nested");
            assertThatThrownBy(() -> j.sendCommand(Command.WATCH, "tx:k"))
                    .hasMessage("ERR WATCH inside MULTI is not allowed");
            assertThat(j.sendCommand(Command.PING)).isEqualTo(bytes("QUEUED"));
            assertThat(j.sendCommand(Command.DISCARD)).isEqualTo(bytes("OK"));
            assertThatThrownBy(() -> j.sendCommand(Command.WATCH))
                    .hasMessage("ERR wrong number of arguments for 'watch' command");
        }
    }

    @Test
    void pipelinedWatchAndTransaction_reachTheNodeInOrderWhileItsConnectionOpens() {
        try (Jedis j = proxy(RedisProtocol.RESP2)) {
            Connection c = j.getConnection();
            for (int round = 0; round < 20; round++) {
                String key = "tx:pipelined:" + round; // a new owner now and then: a new connection to open
                // one write: the proxy gets WATCH, SET, MULTI ... EXEC, GET before any reply went out
                c.sendCommand(Command.WATCH, key);
                c.sendCommand(Command.SET, key, "0");
                c.sendCommand(Command.MULTI);
                c.sendCommand(Command.INCR, key);
                c.sendCommand(Command.INCR, key);
                c.sendCommand(Command.EXEC);
                c.sendCommand(Command.GET, key);
                List<Object> replies = c.getMany(7);
                // the client's own SET after WATCH touched the key, which aborts EXEC as in Redis
                assertThat(replies.get(5)).as("round %d: %s", round, replies).isNull();
                assertThat(replies.get(6)).isEqualTo(bytes("0"));

                c.sendCommand(Command.MULTI);
                c.sendCommand(Command.INCR, key);
                c.sendCommand(Command.INCR, key);
                c.sendCommand(Command.EXEC);
                replies = c.getMany(4);
                assertThat(replies.get(3)).as("round %d: %s", round, replies).isEqualTo(List.of(1L, 2L));
            }
        }
    }

    @Test
    void otherClients_areServedWhileATransactionIsOpen() {
        try (Jedis j = proxy(RedisProtocol.RESP2); Jedis other = proxy(RedisProtocol.RESP2)) {
            Transaction t = j.multi();
            t.set("tx:open", "later");
            assertThat(other.set("tx:open", "now")).isEqualTo("OK");
            assertThat(other.get("tx:open")).isEqualTo("now");
            assertThat(t.exec()).containsExactly("OK");
            assertThat(other.get("tx:open")).isEqualTo("later");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
