package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random and truncated RESP on several connections at once (seeded, bounded in count and time)
 * while a well-behaved client on its own connection checks every reply it gets.
 */
@ExtendWith(LeakCheck.class)
class RespFuzzTest {

    private static final long SEED = 20_261_123L;
    private static final int FUZZERS = 3;
    private static final int MAX_ROUNDS = 400;
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(4);

    private final TestCommands commands = new TestCommands();
    private final Transport transport = new NettyTransportProvider().create(TransportConfigs.small());

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void garbageOnOtherConnections_doesNotDisturbAWellBehavedClient() throws Exception {
        InetSocketAddress address = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), commands).address();
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        AtomicInteger goodReplies = new AtomicInteger();
        Thread good = Thread.ofPlatform().start(() -> wellBehaved(address, stop, mismatches, goodReplies));
        List<Thread> fuzzers = new ArrayList<>();
        AtomicInteger rounds = new AtomicInteger();
        for (int i = 0; i < FUZZERS; i++) {
            Random random = new Random(SEED + i);
            fuzzers.add(Thread.ofPlatform().start(() -> fuzz(address, random, rounds)));
        }
        for (Thread fuzzer : fuzzers) {
            fuzzer.join(TimeUnit.SECONDS.toMillis(30));
        }
        stop.set(true);
        good.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(mismatches).isEmpty();
        assertThat(goodReplies.get()).isPositive();
        assertThat(rounds.get()).isPositive();
        try (RespSocket after = new RespSocket(address)) {
            after.send("PING\r\n");
            assertThat(after.read(7)).isEqualTo("+PONG\r\n");
        }
        // Every connection the fuzzers opened is gone on the server side too.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commands.disconnected.get() != commands.connected.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(commands.disconnected.get()).isEqualTo(commands.connected.get());
    }

    private static void wellBehaved(InetSocketAddress address, AtomicBoolean stop,
            ConcurrentLinkedQueue<String> mismatches, AtomicInteger replies) {
        Random random = new Random(SEED - 1);
        try (RespSocket client = new RespSocket(address)) {
            while (!stop.get()) {
                StringBuilder request = new StringBuilder();
                StringBuilder expected = new StringBuilder();
                int batch = 1 + random.nextInt(8);
                for (int i = 0; i < batch; i++) {
                    String value = randomText(random, random.nextInt(200));
                    request.append("*2\r\n$4\r\nECHO\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
                    expected.append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
                }
                client.send(request.toString());
                String got = client.read(expected.length());
                if (!got.contentEquals(expected)) {
                    mismatches.add("expected " + expected + " got " + got);
                    return;
                }
                replies.addAndGet(batch);
            }
        } catch (IOException e) {
            mismatches.add("well-behaved client failed: " + e);
        }
    }

    private static void fuzz(InetSocketAddress address, Random random, AtomicInteger rounds) {
        long deadline = System.nanoTime() + MAX_NANOS;
        for (int round = 0; round < MAX_ROUNDS && System.nanoTime() < deadline; round++) {
            rounds.incrementAndGet();
            try (RespSocket socket = new RespSocket(address)) {
                socket.socket().setSoTimeout(20);
                int chunks = 1 + random.nextInt(4);
                for (int i = 0; i < chunks; i++) {
                    socket.send(garbage(random));
                }
                if (random.nextBoolean()) {
                    drain(socket);
                }
            } catch (IOException e) {
                // resets and refused writes after a protocol error are expected
            }
        }
    }

    private static byte[] garbage(Random random) {
        String valid = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\nPING\r\n*1\r\n$4\r\nPING\r\n";
        return switch (random.nextInt(6)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.ISO_8859_1);
            case 2 -> {
                byte[] bytes = valid.getBytes(StandardCharsets.ISO_8859_1);
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 3 -> ("*" + random.nextInt(5) + "\r\n$" + (random.nextInt(3) == 0 ? "536870912" : random.nextInt(100))
                    + "\r\n" + randomText(random, random.nextInt(300))).getBytes(StandardCharsets.ISO_8859_1);
            case 4 -> ("ECHO \"" + randomText(random, random.nextInt(50)) + (random.nextBoolean() ? "\"" : "") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            default -> ("*" + (random.nextInt(3) == 0 ? "-" : "") + random.nextInt(2_000_000) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private static void drain(RespSocket socket) throws IOException {
        try {
            byte[] buffer = new byte[4096];
            while (socket.socket().getInputStream().read(buffer) >= 0) {
                // discard
            }
        } catch (SocketTimeoutException e) {
            // the server kept the connection open: fine
        }
    }

    private static String randomText(Random random, int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = (char) random.nextInt(256);
        }
        return new String(text);
    }
}
