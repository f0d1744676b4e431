package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.Reply;
import chkv.api.spi.ClientLimits;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.node.boot.Providers;
import chkv.node.command.FakeSession;
import chkv.testing.FakeClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DataNodeTest {
    private static final InetSocketAddress BIND = new InetSocketAddress("127.0.0.1", 0);

    private final FakeClock clock = new FakeClock();
    private final List<String> events = new ArrayList<>();
    private final FakeTransport transport = new FakeTransport(events);
    private final TrackingStore store = new TrackingStore(
            Providers.stores().get("heap").create(StoreConfig.of(clock)), events, 1);
    private DataNode node;

    @AfterEach
    void closeNode() {
        if (node != null) {
            node.close();
        }
    }

    private Reply send(Transport.Session session, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return transport.handler.handle(session, bytes);
    }

    @Test
    void settings_defaults() {
        DataNode.Settings s = DataNode.Settings.of(BIND);
        assertThat(s).isEqualTo(new DataNode.Settings(BIND, null, "heap", 0, EvictionPolicy.NOEVICTION,
                ClientLimits.DEFAULTS, null));
        assertThat(s.withRequirePass("pw").requirePass()).isEqualTo("pw");
        assertThat(s.withStore("offheap", 1 << 20, EvictionPolicy.ALLKEYS_LRU))
                .isEqualTo(new DataNode.Settings(BIND, null, "offheap", 1 << 20, EvictionPolicy.ALLKEYS_LRU,
                        ClientLimits.DEFAULTS, null));
        ClientLimits limits = ClientLimits.DEFAULTS.withMaxClients(5).withIdleTimeoutMillis(3_000);
        assertThat(s.withClientLimits(limits).clientLimits()).isEqualTo(limits);
        assertThatThrownBy(() -> s.withStore("heap", -1, EvictionPolicy.NOEVICTION))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxMemory: -1 (expected: >= 0)");
    }

    @Test
    void start_appliesTheClientLimitsToTheEndpoint_andConfigGetReportsThem() {
        ClientLimits limits = ClientLimits.DEFAULTS.withMaxClients(7).withIdleTimeoutMillis(4_000)
                .withOutputLimits(1 << 20, 1 << 19, 60_000);
        node = DataNode.start(transport, store, DataNode.Settings.of(BIND).withClientLimits(limits));
        assertThat(transport.limits).isEqualTo(limits);
        FakeSession session = new FakeSession();
        assertThat(configGet(session, "maxclients")).containsExactly("maxclients", "7");
        assertThat(configGet(session, "timeout")).containsExactly("timeout", "4");
        assertThat(configGet(session, "client-output-buffer-limit")).containsExactly("client-output-buffer-limit",
                "normal 1048576 524288 60 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }

    @Test
    void start_servesTheCommandTableOnTheBoundAddress() {
        node = DataNode.start(transport, store, DataNode.Settings.of(BIND));
        assertThat(node.respAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 46_379));
        FakeSession session = new FakeSession();
        transport.handler.connected(session);
        assertThat(send(session, "PING")).isEqualTo(Reply.PONG);
        assertThat(send(session, "SET", "k", "v")).isEqualTo(Reply.OK);
        assertThat(store.get("k".getBytes(StandardCharsets.UTF_8))).containsExactly('v');
        String info = ((Reply.Verbatim) send(session, "INFO", "server", "clients")).text();
        assertThat(info).contains("tcp_port:46379\r\n").contains("chkv_store:heap\r\n")
                .contains("multiplexing_api:fake\r\n")
                .contains("connected_clients:1\r\n");
    }

    @Test
    void start_withPasswordRequiresAuth() {
        node = DataNode.start(transport, store, DataNode.Settings.of(BIND).withRequirePass("pw"));
        FakeSession session = new FakeSession();
        assertThat(send(session, "GET", "k")).isEqualTo(Reply.error("NOAUTH Authentication required."));
        assertThat(send(session, "AUTH", "pw")).isEqualTo(Reply.OK);
        assertThat(send(session, "GET", "k")).isEqualTo(Reply.NULL_BULK);
    }

    @Test
    void start_reportsTheConfiguredMemoryLimit() {
        node = DataNode.start(transport, store,
                DataNode.Settings.of(BIND).withStore("heap", 1 << 30, EvictionPolicy.ALLKEYS_LRU));
        String info = ((Reply.Verbatim) send(new FakeSession(), "INFO", "memory")).text();
        assertThat(info).contains("maxmemory:1073741824\r\nmaxmemory_human:1.00G\r\nmaxmemory_policy:allkeys-lru\r\n");
    }

    @Test
    void close_stopsServingThenClosesTransportAndStoreOnce() {
        node = DataNode.start(transport, store, DataNode.Settings.of(BIND));
        node.close();
        node.close();
        assertThat(events).containsExactly("endpoint closed", "transport closed", "store closed");
    }

    @Test
    void start_failureClosesTransportAndStore() {
        transport.failServe = new IllegalStateException("bind: address in use");
        assertThatThrownBy(() -> DataNode.start(transport, store, DataNode.Settings.of(BIND)))
                .isInstanceOf(IllegalStateException.class).hasMessage("bind: address in use");
        assertThat(events).containsExactly("transport closed", "store closed");
    }

    @Test
    void activeExpiry_runsInTheBackground() throws InterruptedException {
        node = DataNode.start(transport, store, DataNode.Settings.of(BIND));
        // waits on a signal from the expiry thread rather than sleeping
        assertThat(store.reclaimCalls.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private java.util.List<String> configGet(Transport.Session session, String name) {
        return ((Reply.Aggregate) send(session, "CONFIG", "GET", name)).items().stream()
                .map(item -> new String(((Reply.Bulk) item).value(), StandardCharsets.UTF_8)).toList();
    }
}
