package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client piping a bulk load in must not keep the other clients of its event loop waiting for
 * more than a few of its reads, nor for more than a few of its commands when each is slow:
 * counted in its commands that run between a PING's send and the PING itself, so the check does
 * not depend on the machine's speed.
 */
@ExtendWith(LeakCheck.class)
class RespReadBatchTest {

    private static final byte[] LOAD = "LOAD\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A command that holds the event loop for twice a connection's turn. */
    private static final byte[] SLOW = "SLOW\r\n".getBytes(StandardCharsets.US_ASCII);
    /** 12 MB of commands: more than the PINGs below can let run, even with the reads unbounded. */
    private static final int PIPELINED = 2_000_000;
    private static final int PINGS = 5;
    /** What the reads in progress and one more may hold: the rest of one, the next, and one of slack. */
    private static final int BOUND = 4 * NettyTransport.MAX_READ_BYTES / LOAD.length;

    private final AtomicInteger loaded = new AtomicInteger();
    private final AtomicInteger loadedAtPing = new AtomicInteger(-1);
    private Transport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void ping_besideAConnectionPipeliningALoad_waitsForAtMostAFewOfItsReads(String io) throws Exception {
        assertThat(worstWaitBeside(io, LOAD, PIPELINED))
                .as("the loader's commands run between a PING's send and the PING, at worst").isLessThanOrEqualTo(BOUND);
    }

    @ParameterizedTest
    @MethodSource("chkv.transport.netty.TransportConfigs#ioApis")
    void ping_besideAPipelinedBatchOfSlowCommands_waitsForAFewOfThem(String io) throws Exception {
        // 2,000 of them fit in one read: without turns, a PING would wait for all of them
        assertThat(worstWaitBeside(io, SLOW, 2_000))
                .as("slow commands run between a PING's send and the PING, at worst").isLessThanOrEqualTo(4);
    }

    /** @return the most of {@code count} pipelined {@code command}s that ran between a PING's send and the PING */
    private int worstWaitBeside(String io, byte[] command, int count) throws Exception {
        // one event loop, so the loading client and the pinging one share it
        TransportConfig d = TransportConfig.defaults();
        transport = new NettyTransportProvider().create(new TransportConfig(1, d.maxBulkLength(), d.maxInlineLength(),
                d.maxMultiBulkLength(), d.maxFrameLength(), 1, List.of(), Map.of(NettyTransport.OPTION_IO, io)));
        InetSocketAddress address = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), this::handle).address();

        try (Socket loader = new Socket(); RespSocket pinger = new RespSocket(address)) {
            loader.connect(address, 5_000);
            Thread writer = Thread.ofPlatform().daemon().start(() -> write(loader, command, count));
            Thread reader = Thread.ofPlatform().daemon().start(() -> drain(loader)); // replies must not stop its reads
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (loaded.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            int worst = 0;
            for (int i = 0; i < PINGS; i++) {
                int before = loaded.get();
                pinger.send("PING\r\n");
                assertThat(pinger.read(7)).isEqualTo("+PONG\r\n");
                worst = Math.max(worst, loadedAtPing.get() - before);
            }
            assertThat(loaded.get()).as("the load was still running at the last PING").isLessThan(count);
            loader.close();
            writer.join(10_000);
            reader.join(10_000);
            return worst;
        }
    }

    private Reply handle(Transport.Session session, byte[][] args) {
        if (args[0].length == 4 && args[0][0] == 'P') {
            loadedAtPing.set(loaded.get());
            return Reply.PONG;
        }
        if (args[0][0] == 'S') {
            try {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(2 * RespServerHandler.TURN_NANOS) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loaded.incrementAndGet();
        return Reply.OK;
    }

    private static void write(Socket loader, byte[] command, int count) {
        byte[] pipeline = new byte[count * command.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(command, 0, pipeline, i * command.length, command.length);
        }
        try {
            loader.getOutputStream().write(pipeline);
        } catch (IOException closed) {
            // the test closes the loader before the server has read it all
        }
    }

    private static void drain(Socket loader) {
        byte[] sink = new byte[64 * 1024];
        try {
            InputStream in = loader.getInputStream();
            while (in.read(sink) >= 0) {
                // the replies are not checked, only taken
            }
        } catch (IOException closed) {
            // closed by the test
        }
    }
}
