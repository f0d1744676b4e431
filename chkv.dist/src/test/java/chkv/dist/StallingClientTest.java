package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped node under a client that pipelines thousands of GETs of a 60 KB value in one write
 * and never reads its replies: other clients stay served, the node's memory stays bounded, and
 * SIGTERM still stops it promptly.
 */
@Tag("slow")
class StallingClientTest {
    private static final int VALUE = 60 * 1024;
    private static final int PIPELINED = 5_000;

    @TempDir
    Path dir;
    private ClusterProcesses processes;

    @AfterEach
    void stop() throws InterruptedException {
        if (processes != null) {
            processes.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "offheap"})
    void clientThatNeverReads_leavesPingFast_memoryBounded_andSigtermPrompt(String store) throws Exception {
        processes = new ClusterProcesses(dir);
        ClusterProcesses.Role started = processes.start("datanode", "datanode", "--standalone", "--port", "0",
                "--store", store);
        Process node = started.process();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", started.port());

        try (Socket pinger = connect(address); Socket staller = connect(address)) {
            OutputStream ping = pinger.getOutputStream();
            InputStream pong = pinger.getInputStream();
            String value = "v".repeat(VALUE);
            ping.write(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + VALUE + "\r\n" + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(pong.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("+OK\r\n");
            long rssBefore = rssBytes(node.pid());

            staller.getOutputStream().write("GET big\r\n".repeat(PIPELINED).getBytes(StandardCharsets.US_ASCII));
            long worstNanos = 0;
            for (int i = 0; i < 200; i++) {
                long start = System.nanoTime();
                ping.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(pong.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
                worstNanos = Math.max(worstNanos, System.nanoTime() - start);
                Thread.sleep(5);
            }
            long grown = rssBytes(node.pid()) - rssBefore;
            System.out.printf("stalling client, %s store: worst PING %.1f ms, node grew %d KB%n",
                    store, worstNanos / 1e6, grown / 1024);
            assertThat(TimeUnit.NANOSECONDS.toMillis(worstNanos)).as("worst PING ms").isLessThan(500);
            assertThat(grown).as("bytes the node grew by").isLessThan(256L << 20);

            long sigterm = System.nanoTime();
            node.destroy();
            assertThat(node.waitFor(5, TimeUnit.SECONDS)).as("stopped within 5 s of SIGTERM").isTrue();
            System.out.printf("stalling client, %s store: SIGTERM to exit %d ms%n",
                    store, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm));
            assertThat(node.exitValue()).isEqualTo(143);
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
