package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis's maxclients, timeout and client-output-buffer-limit for normal clients. */
@ExtendWith(LeakCheck.class)
class RespClientLimitsTest {

    private final TestCommands commands = new TestCommands();
    private Transport transport;
    private Transport.RespEndpoint endpoint;

    @BeforeEach
    void start() {
        transport = new NettyTransportProvider().create(TransportConfigs.small());
        endpoint = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), commands);
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void maxClients_refusesOneMoreWithRedisError_andAdmitsAgainOnceOneLeaves() throws Exception {
        endpoint.clientLimits(ClientLimits.DEFAULTS.withMaxClients(2));
        try (RespSocket first = new RespSocket(endpoint.address()); RespSocket second = new RespSocket(endpoint.address())) {
            first.send("PING\r\n");
            second.send("PING\r\n");
            assertThat(first.read(7)).isEqualTo("+PONG\r\n");
            assertThat(second.read(7)).isEqualTo("+PONG\r\n");
            try (RespSocket third = new RespSocket(endpoint.address())) {
                assertThat(third.readToEnd()).isEqualTo("-ERR max number of clients reached\r\n");
            }
            assertThat(commands.connected).as("the refused one never reached the command layer").hasValue(2);
        }
        awaitDisconnected(2);
        try (RespSocket again = new RespSocket(endpoint.address())) {
            again.send("PING\r\n");
            assertThat(again.read(7)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void idleTimeout_closesAnIdleClient_notAnActiveOne() throws Exception {
        endpoint.clientLimits(ClientLimits.DEFAULTS.withIdleTimeoutMillis(1_000));
        try (RespSocket idle = new RespSocket(endpoint.address()); RespSocket active = new RespSocket(endpoint.address())) {
            long start = System.nanoTime();
            for (int i = 0; i < 15; i++) { // 3 s of a PING every 200 ms
                active.send("PING\r\n");
                assertThat(active.read(7)).isEqualTo("+PONG\r\n");
                Thread.sleep(200);
            }
            assertThat(idle.readToEnd()).as("the idle client was closed without a reply").isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1_000);
            active.send("PING\r\n");
            assertThat(active.read(7)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void outputHardLimit_closesAClientThatDoesNotRead() throws Exception {
        endpoint.clientLimits(ClientLimits.DEFAULTS.withOutputLimits(100 * 1024, 0, 0));
        try (SocketChannel staller = SocketChannel.open(endpoint.address());
                RespSocket other = new RespSocket(endpoint.address())) {
            write(staller, "BIG\r\n".repeat(2_000));
            assertThat(awaitClosedByServer(staller)).as("closed over the hard limit").isTrue();
            other.send("PING\r\n");
            assertThat(other.read(7)).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void outputSoftLimit_closesAClientAboveItForItsSeconds() throws Exception {
        endpoint.clientLimits(ClientLimits.DEFAULTS.withOutputLimits(0, 16 * 1024, 1_000));
        try (SocketChannel staller = SocketChannel.open(endpoint.address())) {
            long start = System.nanoTime();
            write(staller, "BIG\r\n".repeat(2_000));
            assertThat(awaitClosedByServer(staller)).as("closed after a second over the soft limit").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void outputLimits_leaveAClientThatReadsAlone() throws Exception {
        endpoint.clientLimits(ClientLimits.DEFAULTS.withOutputLimits(256 * 1024, 128 * 1024, 1_000));
        try (RespSocket reader = new RespSocket(endpoint.address())) {
            reader.send("BIG\r\n".repeat(50));
            String header = "$" + TestCommands.BIG.length + "\r\n";
            for (int i = 0; i < 50; i++) {
                assertThat(reader.read(header.length())).isEqualTo(header);
                reader.read(TestCommands.BIG.length + 2);
            }
            reader.send("PING\r\n");
            assertThat(reader.read(7)).isEqualTo("+PONG\r\n");
        }
    }

    private static void write(SocketChannel channel, String text) throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Reads and drops what arrives until the server closes, for at most 10 s. @return whether it closed */
    private static boolean awaitClosedByServer(SocketChannel channel) throws Exception {
        // the client starts reading only now, long after the limit was passed
        Thread.sleep(2_500);
        channel.socket().setSoTimeout(10_000);
        var in = channel.socket().getInputStream();
        byte[] sink = new byte[64 * 1024];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
        return false;
    }

    private void awaitDisconnected(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (commands.disconnected.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commands.disconnected).hasValue(count);
    }
}
