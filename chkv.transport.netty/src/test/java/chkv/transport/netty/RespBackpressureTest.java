package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client that writes and never reads must stall, not make the server buffer its replies. */
@ExtendWith(LeakCheck.class)
class RespBackpressureTest {

    private static final int VALUE = 16 * 1024;
    private static final long MAX_WRITE = 256L * 1024 * 1024;
    /** High water mark plus one reply: commands wait unexecuted while the client takes nothing. */
    private static final long PENDING_BOUND = 256L * 1024;

    private final TestCommands commands = new TestCommands();
    private Transport transport;

    @AfterEach
    void close() {
        transport.close();
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void clientThatDoesNotRead_stallsWithBoundedServerBuffers_thenGetsEveryReply(String io) throws Exception {
        transport = new NettyTransportProvider().create(TransportConfigs.withOptions(Map.of(NettyTransport.OPTION_IO, io,
                NettyTransport.OPTION_HIGH_WATER, "65536", NettyTransport.OPTION_LOW_WATER, "32768")));
        Transport.Endpoint endpoint = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), commands);
        byte[] value = new byte[VALUE];
        Arrays.fill(value, (byte) 'v');
        byte[] command = concat(("*2\r\n$4\r\nECHO\r\n$" + VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII), value,
                "\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] reply = concat(("$" + VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII), value,
                "\r\n".getBytes(StandardCharsets.US_ASCII));

        try (SocketChannel client = SocketChannel.open(endpoint.address())) {
            client.configureBlocking(false);
            awaitSession();
            Channel server = ((RespSession) commands.sessions.getFirst()).channel();
            ByteBuffer out = ByteBuffer.wrap(command);
            long commandsSent = 0;
            long written = 0;
            long maxPending = 0;
            long lastProgress = System.nanoTime();
            boolean stalled = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (written < MAX_WRITE && System.nanoTime() < deadline) {
                int n = client.write(out);
                written += n;
                if (!out.hasRemaining()) {
                    commandsSent++;
                    out.rewind();
                }
                if (n > 0) {
                    lastProgress = System.nanoTime();
                } else {
                    maxPending = Math.max(maxPending, pending(server));
                    if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(500)) {
                        stalled = true;
                        break;
                    }
                    Thread.sleep(1);
                }
            }
            maxPending = Math.max(maxPending, pending(server));
            assertThat(stalled).as("the client's writes stall (%d bytes written)", written).isTrue();
            assertThat(maxPending).as("bytes pending on the server").isLessThanOrEqualTo(PENDING_BOUND);
            assertThat(server.config().isAutoRead()).as("server stopped reading").isFalse();

            // Now the client reads: the server resumes, and every reply arrives intact. Both
            // directions stay non-blocking and bounded, so a server that never resumes fails
            // the test with what was seen instead of hanging it.
            long total = commandsSent + (out.position() > 0 ? 1 : 0);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            AtomicLong repliesRead = new AtomicLong();
            AtomicReference<String> readProblem = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(
                    () -> readReplies(client, reply, total, end, repliesRead, readProblem));
            while (out.position() > 0 && out.hasRemaining() && System.nanoTime() < end) {
                if (client.write(out) == 0) {
                    Thread.sleep(1);
                }
            }
            assertThat(out.position() > 0 && out.hasRemaining())
                    .as("the server resumed reading the rest of the last command").isFalse();
            reader.join(TimeUnit.SECONDS.toMillis(35));
            assertThat(readProblem.get()).as("what the reader saw").isNull();
            assertThat(repliesRead).hasValue(total);
        }
    }

    private static void readReplies(SocketChannel client, byte[] reply, long total, long end,
            AtomicLong count, AtomicReference<String> problem) {
        ByteBuffer got = ByteBuffer.allocate(reply.length);
        try {
            while (count.get() < total) {
                if (System.nanoTime() > end) {
                    problem.set("timed out after " + count.get() + " of " + total + " replies, "
                            + got.position() + " bytes into the next");
                    return;
                }
                if (client.read(got) == 0) {
                    Thread.sleep(1);
                } else if (!got.hasRemaining()) {
                    if (!Arrays.equals(got.array(), reply)) {
                        problem.set("reply " + count.get() + " differs");
                        return;
                    }
                    count.incrementAndGet();
                    got.clear();
                }
            }
        } catch (java.io.IOException | InterruptedException e) {
            problem.set(e.toString());
        }
    }

    private static long pending(Channel server) throws Exception {
        return server.eventLoop().submit(() -> {
            ChannelOutboundBuffer buffer = server.unsafe().outboundBuffer();
            return buffer == null ? 0L : buffer.totalPendingWriteBytes();
        }).get(5, TimeUnit.SECONDS);
    }

    private void awaitSession() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (commands.sessions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commands.sessions).isNotEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
