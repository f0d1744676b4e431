package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The RESP server over real sockets on the loopback interface. */
@ExtendWith(LeakCheck.class)
class RespServerTest {

    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private final TestCommands commands = new TestCommands();
    private Transport transport;

    private Transport.Endpoint serve(Map<String, String> options) {
        transport = new NettyTransportProvider().create(TransportConfigs.withOptions(options));
        return transport.serveResp(ANY_LOOPBACK, commands);
    }

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void pipelining_deferredRepliesCompletedOutOfOrder_arriveInRequestOrder(String io) throws Exception {
        Transport.Endpoint endpoint = serve(Map.of(NettyTransport.OPTION_IO, io));
        assertThat(endpoint.address().getAddress().isLoopbackAddress()).isTrue();
        try (RespSocket client = new RespSocket(endpoint.address())) {
            client.send("DEFER a\r\nPING x1\r\nDEFER b\r\nPING x2\r\nDEFER c\r\nPING\r\n");
            awaitFutures("a", "b", "c");
            // Completed last-first, from threads that are not the connection's event loop.
            Thread.ofPlatform().start(() -> commands.future("c").complete(Reply.bulk("C"))).join();
            Thread.ofPlatform().start(() -> commands.future("b").complete(Reply.bulk("B"))).join();
            Thread.sleep(50);
            assertThat(client.socket().getInputStream().available()).as("nothing before a").isZero();
            Thread.ofPlatform().start(() -> commands.future("a").complete(Reply.bulk("A"))).join();
            String expected = "$1\r\nA\r\n$2\r\nx1\r\n$1\r\nB\r\n$2\r\nx2\r\n$1\r\nC\r\n+PONG\r\n";
            assertThat(client.read(expected.length())).isEqualTo(expected);
            client.send("PING\r\n");
            assertThat(client.read(7)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void quit_repliesThenTheServerCloses() throws Exception {
        Transport.Endpoint endpoint = serve(Map.of());
        try (RespSocket client = new RespSocket(endpoint.address())) {
            client.send("PING\r\nQUIT\r\nPING\r\n");
            assertThat(client.readToEnd()).isEqualTo("+PONG\r\n+OK\r\n");
        }
        awaitCount(commands.disconnected, 1);
        assertThat(commands.connected).hasValue(1);
    }

    @Test
    void protocolError_isWrittenAfterEarlierRepliesThenTheServerCloses() throws Exception {
        Transport.Endpoint endpoint = serve(Map.of());
        try (RespSocket client = new RespSocket(endpoint.address())) {
            client.send("PING\r\nECHO \"a b\"\r\n*1\r\nx\r\nPING\r\n");
            assertThat(client.readToEnd())
                    .isEqualTo("+PONG\r\n$3\r\na b\r\n-ERR Protocol error: expected '$', got 'x'\r\n");
        }
        awaitCount(commands.disconnected, 1);
    }

    @Test
    void sessions_haveIncreasingIdsAndTheirAddresses() throws Exception {
        Transport.Endpoint endpoint = serve(Map.of());
        try (RespSocket first = new RespSocket(endpoint.address())) {
            first.send("PING\r\n");
            first.read(7);
            try (RespSocket second = new RespSocket(endpoint.address())) {
                second.send("PING\r\n");
                second.read(7);
                assertThat(commands.sessions).hasSize(2);
                Transport.Session a = sessionOf(first);
                Transport.Session b = sessionOf(second);
                assertThat(b.id()).isGreaterThan(a.id());
                assertThat(a.localAddress()).isEqualTo(endpoint.address());
                assertThat(a.remoteAddress().getPort()).isEqualTo(first.socket().getLocalPort());
                a.attach("state");
                assertThat(a.attachment()).isEqualTo("state");
                assertThat(b.attachment()).isNull();
                assertThat(a.protocol()).isEqualTo(2);
            }
        }
    }

    @Test
    void endpointClose_stopsListeningAndDropsConnections() throws Exception {
        Transport.Endpoint endpoint = serve(Map.of());
        InetSocketAddress address = endpoint.address();
        try (RespSocket client = new RespSocket(address)) {
            client.send("PING\r\n");
            client.read(7);
            endpoint.close();
            assertThat(client.readToEnd()).isEmpty();
        }
        assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void transportClose_releasesItsThreads() throws Exception {
        long before = ioThreads();
        Transport.Endpoint endpoint = serve(Map.of());
        try (RespSocket client = new RespSocket(endpoint.address())) {
            client.send("PING\r\n");
            client.read(7);
        }
        assertThat(ioThreads()).isGreaterThan(before);
        transport.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ioThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ioThreads()).isEqualTo(before);
        assertThatThrownBy(() -> transport.serveResp(ANY_LOOPBACK, commands)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void io_isTheFirstAvailableOfIoUringEpollNio_byDefault() {
        try (NettyTransport preferred = new NettyTransport(TransportConfigs.small())) {
            assertThat(preferred.multiplexingApi()).isEqualTo(TransportConfigs.ioApis().findFirst().orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void io_isTheOneNamed(String io) {
        try (NettyTransport named = new NettyTransport(TransportConfigs.withOptions(Map.of(NettyTransport.OPTION_IO, io)))) {
            assertThat(named.multiplexingApi()).isEqualTo(io);
        }
    }

    @Test
    void io_unknownName_isRefused() {
        assertThatThrownBy(() -> new NettyTransport(TransportConfigs.withOptions(Map.of(NettyTransport.OPTION_IO, "kqueue"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("I/O API: kqueue (expected: auto, io_uring, epoll or nio)");
    }

    private Transport.Session sessionOf(RespSocket client) {
        return commands.sessions.stream()
                .filter(s -> s.remoteAddress().getPort() == client.socket().getLocalPort())
                .findFirst().orElseThrow();
    }

    private static long ioThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("chkv-io") && t.isAlive()).count();
    }

    private void awaitFutures(String... names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!commands.deferred.keySet().containsAll(java.util.List.of(names)) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commands.deferred).containsKeys(names);
    }

    static void awaitCount(java.util.concurrent.atomic.AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(counter).hasValue(expected);
    }
}
