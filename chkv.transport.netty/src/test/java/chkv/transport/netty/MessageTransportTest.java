package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Internal messages: Kryo records over length-limited frames after a version handshake. */
@ExtendWith(LeakCheck.class)
class MessageTransportTest {

    /** A message as the node's protocol would define one. */
    record Ping(long seq, String from, List<String> tags, byte[] payload, Map<String, Long> clocks) {}

    /** The answer. */
    record Pong(long seq) {}

    /** Known to one side only. */
    record Extra(int value) {}

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private final List<Transport> transports = new java.util.ArrayList<>();

    @AfterEach
    void close() {
        transports.forEach(Transport::close);
    }

    @Test
    void registeredRecord_roundTripsAndTheAnswerComesBack() throws Exception {
        LinkedBlockingQueue<Object> serverGot = new LinkedBlockingQueue<>();
        Transport server = transport(1, 1 << 20, Ping.class, Pong.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> {
            serverGot.add(message);
            from.send(new Pong(((Ping) message).seq()));
        }).address();
        LinkedBlockingQueue<Object> clientGot = new LinkedBlockingQueue<>();
        Transport client = transport(1, 1 << 20, Ping.class, Pong.class);
        Transport.MessageConnection connection = connect(client, address, clientGot);
        Ping ping = new Ping(7, "node-a", List.of("x", "y"), new byte[] {1, 2, 3}, Map.of("a", 1L));
        connection.send(ping).toCompletableFuture().get(10, TimeUnit.SECONDS);

        Ping received = (Ping) serverGot.poll(10, TimeUnit.SECONDS);
        assertThat(received.seq()).isEqualTo(7);
        assertThat(received.from()).isEqualTo("node-a");
        assertThat(received.tags()).containsExactly("x", "y");
        assertThat(received.payload()).containsExactly(1, 2, 3);
        assertThat(received.clocks()).isEqualTo(Map.of("a", 1L));
        assertThat(clientGot.poll(10, TimeUnit.SECONDS)).isEqualTo(new Pong(7));
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.remoteAddress()).isEqualTo(address);
    }

    @Test
    void unregisteredClass_isRejectedOnSend_andTheConnectionStays() throws Exception {
        LinkedBlockingQueue<Object> serverGot = new LinkedBlockingQueue<>();
        Transport server = transport(1, 1 << 20, Ping.class, Pong.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> serverGot.add(message)).address();
        Transport client = transport(1, 1 << 20, Ping.class, Pong.class);
        Transport.MessageConnection connection = connect(client, address, new LinkedBlockingQueue<>());
        assertThatThrownBy(() -> connection.send(new Extra(1)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("not registered");
        connection.send(new Pong(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(serverGot.poll(10, TimeUnit.SECONDS)).isEqualTo(new Pong(1));
    }

    @Test
    void classUnknownToTheReceiver_isNeverInstantiated_andClosesTheConnection() throws Exception {
        LinkedBlockingQueue<Object> serverGot = new LinkedBlockingQueue<>();
        Transport server = transport(1, 1 << 20, Ping.class, Pong.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> serverGot.add(message)).address();
        Transport client = transport(1, 1 << 20, Ping.class, Pong.class, Extra.class);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Transport.MessageConnection connection = client.connectMessages(address, new Transport.MessageHandler() {
            @Override
            public void received(Transport.MessageConnection from, Object message) {}

            @Override
            public void closed(Transport.MessageConnection c) {
                closed.complete(null);
            }
        }).toCompletableFuture().get(10, TimeUnit.SECONDS);
        connection.send(new Extra(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        closed.get(10, TimeUnit.SECONDS);
        assertThat(serverGot).isEmpty();
    }

    @Test
    void versionMismatch_failsTheConnectWithBothVersions() throws Exception {
        Transport server = transport(1, 1 << 20, Ping.class, Pong.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> {}).address();
        Transport client = transport(2, 1 << 20, Ping.class, Pong.class);
        assertThatThrownBy(() -> connect(client, address, new LinkedBlockingQueue<>()))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("message protocol version")
                .hasMessageContaining("speaks 1 (expected: 2)");
    }

    @Test
    void frameTooLong_isRefusedBySenderAndReceiver() throws Exception {
        Transport server = transport(1, 1024, Ping.class, Pong.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> {}).address();
        Transport client = transport(1, 1024, Ping.class, Pong.class);
        Transport.MessageConnection connection = connect(client, address, new LinkedBlockingQueue<>());
        Ping big = new Ping(1, "a", List.of(), new byte[2000], Map.of());
        assertThatThrownBy(() -> connection.send(big).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("1024");

        // A peer that announces a longer frame is disconnected before it sends it.
        try (Socket raw = new Socket(address.getAddress(), address.getPort())) {
            raw.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(8);
            out.writeInt(MessageHandshake.MAGIC);
            out.writeInt(1);
            out.writeInt(1 << 20);
            out.flush();
            DataInputStream in = new DataInputStream(raw.getInputStream());
            assertThat(in.readInt()).isEqualTo(8);
            assertThat(in.readInt()).isEqualTo(MessageHandshake.MAGIC);
            assertThat(in.readInt()).isEqualTo(1);
            assertThatThrownBy(in::readInt).isInstanceOfAny(EOFException.class, IOException.class);
        }
    }

    @Test
    void notAChkvPeer_isDisconnected() throws Exception {
        Transport server = transport(1, 1024, Ping.class);
        InetSocketAddress address = server.serveMessages(LOOPBACK, (from, message) -> {}).address();
        try (RespSocket raw = new RespSocket(address)) {
            raw.send("*1\r\n$4\r\nPING\r\n");
            String got = raw.readToEnd();
            assertThat(got).hasSize(12); // only the server's own hello, then the close
        }
    }

    private Transport transport(int version, int maxFrame, Class<?>... types) {
        TransportConfig d = TransportConfig.defaults();
        Transport transport = new NettyTransportProvider().create(new TransportConfig(1, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), maxFrame, version, List.of(types), Map.of()));
        transports.add(transport);
        return transport;
    }

    private static Transport.MessageConnection connect(Transport client, InetSocketAddress address,
            LinkedBlockingQueue<Object> got) throws Exception {
        return client.connectMessages(address, (from, message) -> got.add(message))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
