package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that pipelines thousands of commands with big replies in one write and never reads
 * must not stall the event loop it shares with others, nor make the server hold its replies.
 */
@ExtendWith(LeakCheck.class)
class RespStallTest {

    private static final int PIPELINED = 5_000;
    /** High water mark (64 KB) plus one 60 KB reply, with room for the encoder's rounding. */
    private static final long PENDING_BOUND = 256 * 1024;

    private final TestCommands commands = new TestCommands();
    private Transport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void clientPipeliningBigRepliesWithoutReading_leavesOthersServedAndItsBufferBounded(String io) throws Exception {
        // one event loop, so the stalling client and the pinging one share it
        TransportConfig d = TransportConfig.defaults();
        transport = new NettyTransportProvider().create(new TransportConfig(1, d.maxBulkLength(), d.maxInlineLength(),
                d.maxMultiBulkLength(), d.maxFrameLength(), 1, List.of(), Map.of(NettyTransport.OPTION_IO, io)));
        InetSocketAddress address = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), commands).address();

        try (SocketChannel staller = SocketChannel.open(address); RespSocket pinger = new RespSocket(address)) {
            ByteBuffer pipeline = ByteBuffer.wrap("BIG\r\n".repeat(PIPELINED).getBytes(StandardCharsets.US_ASCII));
            while (pipeline.hasRemaining()) {
                staller.write(pipeline); // 25 KB: the socket takes it whole
            }
            long worstNanos = 0;
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                pinger.send("PING\r\n");
                assertThat(pinger.read(7)).isEqualTo("+PONG\r\n");
                worstNanos = Math.max(worstNanos, System.nanoTime() - start);
                Thread.sleep(5);
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(worstNanos)).as("worst PING ms beside the stalled client")
                    .isLessThan(500);

            Channel stalled = ((RespSession) commands.sessions.getFirst()).channel();
            assertThat(pending(stalled)).as("reply bytes the server holds for the client that does not read")
                    .isLessThanOrEqualTo(PENDING_BOUND);
            assertThat(commands.executed.get()).as("commands run: only as many as replies the sockets took")
                    .isLessThan(PIPELINED);
            assertThat(stalled.config().isAutoRead()).as("the server stopped reading the stalled client").isFalse();
        }
        long closing = System.nanoTime();
        transport.close();
        transport = null;
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing)).as("ms to close the transport")
                .isLessThan(5_000);
    }

    private static long pending(Channel server) throws Exception {
        return server.eventLoop().submit(() -> {
            ChannelOutboundBuffer buffer = server.unsafe().outboundBuffer();
            return buffer == null ? 0L : buffer.totalPendingWriteBytes();
        }).get(5, TimeUnit.SECONDS);
    }
}
