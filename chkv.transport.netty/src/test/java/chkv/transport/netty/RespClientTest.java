package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code connectResp} against the server with a trivial command layer. */
@ExtendWith(LeakCheck.class)
class RespClientTest {

    private final TestCommands commands = new TestCommands();
    private Transport transport;
    private InetSocketAddress address;

    @BeforeEach
    void serve() {
        transport = new NettyTransportProvider().create(TransportConfigs.small());
        address = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), commands).address();
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void send_decodesEveryKindOfReply() throws Exception {
        try (Transport.RespConnection connection = connect()) {
            assertThat(get(connection.send(ascii("PING")))).isEqualTo(Reply.PONG);
            byte[] binary = {0, '\r', '\n', (byte) 0xff};
            assertThat(((Reply.Bulk) get(connection.send(ascii("ECHO"), binary))).value()).isEqualTo(binary);
            assertThat(get(connection.send(ascii("NOPE")))).isEqualTo(Reply.error("ERR unknown command 'NOPE'"));
            assertThat(get(connection.send(ascii("ID")))).isInstanceOf(Reply.Int.class);
            assertThat(get(connection.send(ascii("NULL")))).isEqualTo(Reply.NULL_BULK);
            // RESP3 types decode to their own kinds (compared by their canonical encoding).
            assertThat(RespEncoderTest.encode(3, get(connection.send(ascii("HELLO"), ascii("3")))))
                    .isEqualTo("%1\r\n$5\r\nproto\r\n:3\r\n");
            assertThat(get(connection.send(ascii("NULL")))).isEqualTo(Reply.NULL_BULK);
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void send_fromManyThreads_eachGetsItsOwnReply() throws Exception {
        try (Transport.RespConnection connection = connect()) {
            List<Thread> threads = new ArrayList<>();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    List<CompletableFuture<Reply>> replies = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        replies.add(connection.send(ascii("ECHO"), ascii(thread + ":" + i)).toCompletableFuture());
                    }
                    for (int i = 0; i < replies.size(); i++) {
                        Reply reply = replies.get(i).orTimeout(20, TimeUnit.SECONDS).join();
                        String text = new String(((Reply.Bulk) reply).value(), StandardCharsets.US_ASCII);
                        if (!text.equals(thread + ":" + i)) {
                            failures.add(text + " for " + thread + ":" + i);
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void send_burstLargerThanOneWrite_everyReplyInOrder() throws Exception {
        try (Transport.RespConnection connection = connect()) {
            // sent from one task on the connection's own loop: one burst, written in several buffers
            byte[] value = new byte[10 * 1024];
            int count = 3 * RespClientHandler.WRITE_AT / value.length;
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            ((RespClientConnection) connection).eventLoop().submit(() -> {
                for (int i = 0; i < count; i++) {
                    value[0] = (byte) i;
                    replies.add(connection.send(ascii("ECHO"), value.clone()).toCompletableFuture());
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(replies).hasSize(count);
            for (int i = 0; i < count; i++) {
                byte[] echoed = ((Reply.Bulk) get(replies.get(i))).value();
                assertThat(echoed).hasSize(value.length);
                assertThat(echoed[0]).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void serverClosing_failsPendingAndLaterSends() throws Exception {
        try (Transport.RespConnection connection = connect()) {
            CompletableFuture<Reply> deferred = connection.send(ascii("DEFER"), ascii("never")).toCompletableFuture();
            CompletableFuture<Reply> quit = connection.send(ascii("QUIT")).toCompletableFuture();
            commands.future("never").complete(Reply.OK);
            assertThat(get(deferred)).isEqualTo(Reply.OK);
            assertThat(get(quit)).isEqualTo(Reply.OK);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (connection.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(connection.isOpen()).isFalse();
            assertThatThrownBy(() -> get(connection.send(ascii("PING"))))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void connect_toNothing_failsTheStage() throws Exception {
        InetSocketAddress unused;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unused = new InetSocketAddress("127.0.0.1", probe.getLocalPort());
        }
        assertThatThrownBy(() -> transport.connectResp(unused).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("connect");
    }

    private Transport.RespConnection connect() throws Exception {
        return transport.connectResp(address).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Reply get(java.util.concurrent.CompletionStage<Reply> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
