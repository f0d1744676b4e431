package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.StoreConfig;
import chkv.api.spi.TransportConfig;
import chkv.node.boot.Providers;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** A stock Redis client against a DataNode on the real transport, in RESP2 and RESP3. */
class DataNodeJedisTest {
    private DataNode node;

    @BeforeEach
    void start() {
        TransportConfig config = new TransportConfig(1, TransportConfig.DEFAULT_MAX_BULK,
                TransportConfig.DEFAULT_MAX_INLINE, TransportConfig.DEFAULT_MAX_MULTIBULK,
                TransportConfig.DEFAULT_MAX_FRAME, 1, List.of(), Map.of());
        node = DataNode.start(Providers.transports().get("netty").create(config),
                Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC())),
                DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0)).withRequirePass("pw"));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @ParameterizedTest
    @EnumSource(RedisProtocol.class)
    void jedis_connectsAuthenticatesAndRunsCommands(RedisProtocol protocol) {
        InetSocketAddress a = node.respAddress();
        try (Jedis jedis = new Jedis(new HostAndPort(a.getHostString(), a.getPort()),
                DefaultJedisClientConfig.builder().protocol(protocol).password("pw").clientName("smoke")
                        .socketTimeoutMillis(10_000).build())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("k", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
            assertThat(jedis.get("k")).isEqualTo("v");
            assertThat(jedis.ttl("k")).isBetween(99L, 100L);
            assertThat(jedis.incrBy("n", 5)).isEqualTo(5);
            assertThat(jedis.incrByFloat("f", 1.5)).isEqualTo(1.5);
            assertThat(jedis.mget("k", "missing")).containsExactly("v", null);
            assertThat(jedis.exists("k", "n", "missing")).isEqualTo(2);
            assertThat(jedis.dbSize()).isEqualTo(3);
            assertThat(jedis.clientGetname()).isEqualTo("smoke");
            assertThat(jedis.info("keyspace")).contains("db0:keys=3");
            assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "0");
            assertThat(jedis.time()).hasSize(2);
            assertThatThrownBy(() -> jedis.incr("k")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(jedis.del("k", "n", "f")).isEqualTo(3);
        }
    }
}
