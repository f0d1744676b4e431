package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chkv namenode --transport-option}, as its own process: the I/O API it names is the one it runs on. */
class NameNodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void transportOptionNio_runsOnNio_andSaysSoWhenReady() throws Exception {
        try (ChkvProcess nameNode = ChkvProcess.start(dir.resolve("namenode.log"), "namenode", "--port", "0",
                "--data-dir", dir.resolve("nn").toString(), "--cluster-secret", "s", "--transport-option", "netty.io=nio")) {
            assertThat(nameNode.readyLine()).matches("chkv namenode: ready on 127\\.0\\.0\\.1:\\d+ \\(.*, "
                    + "transport netty/nio, data .*\\)");
        }
    }

    @Test
    void transportOptionBogus_exitsNonZeroWithTheTransportsError_beforeItListensOrWrites() throws Exception {
        Path data = dir.resolve("nn");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // its port is taken: had it got as far as listening, it would fail on that instead
            ChkvProcess.Run run = ChkvProcess.run("namenode", "--port", Integer.toString(taken.getLocalPort()),
                    "--data-dir", data.toString(), "--cluster-secret", "s", "--transport-option", "netty.io=bogus");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("namenode: I/O API: bogus (expected: auto, io_uring, epoll or nio)"
                    + System.lineSeparator());
            assertThat(run.out()).doesNotContain("ready on");
        }
        assertThat(Files.exists(data)).as("no data directory made").isFalse();
    }
}
