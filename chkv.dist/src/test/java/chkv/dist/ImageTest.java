package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime image as a user meets it, through the README's {@code ./chkv}: a real process
 * on a free port, a RESP round trip, and a clean stop on SIGTERM.
 */
class ImageTest {
    private static final Path IMAGE = Path.of(System.getProperty("chkv.image", "target/maven-jlink/default"));
    /** The README's launcher; it must exec the JVM so that signals reach it. */
    private static final Path LAUNCHER = Path.of("..", "chkv");
    private static final Pattern READY = Pattern.compile("ready on 127\\.0\\.0\\.1:(\\d+) .*transport (\\S+)\\)");
    /** Where Netty ships a native transport for the platform, the image must use it. */
    private static final boolean EPOLL_PLATFORM = System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void help_listsEveryCommand() throws Exception {
        Result help = run(List.of(LAUNCHER.toString(), "--help"));
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Commands:").contains("datanode");
    }

    @Test
    void readmeLauncher_runsTheFreshImageWithoutRebuilding() throws Exception {
        Result version = run(List.of(LAUNCHER.toString(), "--version"));
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("chkv ");
    }

    @Test
    void image_holdsOnlyTheModulesItNeeds() throws Exception {
        Result modules = run(List.of(IMAGE.resolve("bin/java").toString(), "--list-modules"));
        assertThat(modules.out()).contains("chkv.node", "chkv.api", "chkv.ring", "chkv.store.heap",
                "chkv.store.offheap", "chkv.transport.netty", "io.netty.transport.epoll.linux.x86_64",
                "io.netty.transport.io_uring.linux.x86_64",
                "org.slf4j.simple");
        assertThat(modules.out()).doesNotContain("java.desktop", "java.sql", "jdk.compiler", "java.xml@");
        assertThat(size(IMAGE)).as("image bytes").isLessThan(80L << 20);
    }

    @Test
    void datanode_withoutStandalone_failsNamingTheFlag() throws Exception {
        Result result = run(List.of(LAUNCHER.toString(), "datanode", "--port", "0"));
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("--standalone");
    }

    @Test
    void datanode_unknownStore_failsListingTheStores() throws Exception {
        Result result = run(List.of(LAUNCHER.toString(), "datanode", "--standalone", "--port", "0",
                "--store", "rocks"));
        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("store: rocks (expected one of: heap, offheap)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "offheap"})
    void datanode_standalone_servesRespAndStopsCleanlyOnSigterm(String store) throws Exception {
        long launched = System.nanoTime();
        Process node = launcher(LAUNCHER.toString(), "datanode", "--standalone",
                "--port", "0", "--store", store).redirectErrorStream(true).start();
        started.add(node);
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        Ready ready = awaitReady(out);
        int port = ready.port();
        assertThat(ready.printed()).as("start-up output").doesNotContain("WARNING");
        if (EPOLL_PLATFORM) {
            assertThat(ready.transport()).as("a native transport loads in the image")
                    .isIn("netty/io_uring", "netty/epoll");
        }

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream o = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            o.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+PONG");
            long firstReplyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
            System.out.printf("image %s: launch to first reply %d ms%n", store, firstReplyMs);
            o.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+OK");
            assertThat(readLine(in)).isEqualTo("$2");
            assertThat(readLine(in)).isEqualTo("v1");
        }

        assertThat(node.descendants().count()).as("./chkv execs the JVM: no child process").isZero();
        node.destroy(); // SIGTERM, to the JVM itself
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
        assertThat(node.exitValue()).isEqualTo(143); // 128 + SIGTERM: the JVM ran its shutdown hooks
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000))
                    .as("nothing listens on the port any more").isInstanceOf(IOException.class);
        }
    }

    @Test
    void datanode_transportOption_namesTheIoApi_andTheDefaultIsTheFirstAvailable() throws Exception {
        assumeTrue(EPOLL_PLATFORM, "Netty ships its native transports for Linux x86_64");
        Started epoll = startNode("--transport-option", "netty.io=epoll");
        assertThat(epoll.ready()).as(epoll.printed()).hasValueSatisfying(r -> assertThat(r.transport()).isEqualTo("netty/epoll"));
        Started uring = startNode("--transport-option", "netty.io=io_uring");
        if (uring.ready().isPresent()) {
            assertThat(uring.ready().get().transport()).isEqualTo("netty/io_uring");
        } else {
            // a kernel or sandbox without io_uring: named explicitly, it fails instead of falling back
            assertThat(uring.printed()).containsAnyOf("io_uring is not available here", "io_uring did not start");
        }
        Started auto = startNode();
        assertThat(auto.ready()).as(auto.printed()).hasValueSatisfying(r -> assertThat(r.transport())
                .isEqualTo(uring.ready().isPresent() ? "netty/io_uring" : "netty/epoll"));
    }

    /** A node started on a free port: its ready line, if it printed one before ending. */
    private record Started(Optional<Ready> ready, String printed) {}

    private Started startNode(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "datanode", "--standalone", "--port", "0"));
        command.addAll(List.of(options));
        Process node = launcher(command.toArray(String[]::new)).redirectErrorStream(true).start();
        started.add(node);
        BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        try {
            Ready ready = awaitReady(out);
            return new Started(Optional.of(ready), ready.printed());
        } catch (NoReadyLine e) {
            return new Started(Optional.empty(), e.printed);
        }
    }

    @Test
    void datanode_readmeOptions_takeEffect() throws Exception {
        Process node = launcher(LAUNCHER.toString(), "datanode", "--standalone", "--port", "0",
                "--store", "offheap", "--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lru",
                "--requirepass", "s3cret", "--bind", "127.0.0.1").redirectErrorStream(true).start();
        started.add(node);
        int port = awaitReady(new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)))
                .port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream o = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            o.write("GET k\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("-NOAUTH Authentication required.");
            o.write("AUTH s3cret\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readLine(in)).isEqualTo("+OK");
            o.write("INFO memory\r\n".getBytes(StandardCharsets.US_ASCII));
            String header = readLine(in);
            assertThat(header).startsWith("$");
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)) + 2);
            assertThat(new String(body, StandardCharsets.US_ASCII))
                    .contains("maxmemory:104857600\r\n", "maxmemory_policy:allkeys-lru\r\n");
        }
    }

    @Test
    void datanode_clientLimitOptions_takeEffect() throws Exception {
        Process node = launcher(LAUNCHER.toString(), "datanode", "--standalone", "--port", "0", "--maxclients", "1",
                "--timeout", "300", "--client-output-buffer-limit", "normal 1mb 512kb 10").redirectErrorStream(true).start();
        started.add(node);
        int port = awaitReady(new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)))
                .port();
        try (Resp first = new Resp(port)) {
            assertThat(first.call("CONFIG", "GET", "maxclients")).isEqualTo(List.of("maxclients", "1"));
            assertThat(first.call("CONFIG", "GET", "timeout")).isEqualTo(List.of("timeout", "300"));
            assertThat(first.call("CONFIG", "GET", "client-output-buffer-limit")).isEqualTo(List.of(
                    "client-output-buffer-limit", "normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 33554432 8388608 60"));
            try (Resp second = new Resp(port)) {
                assertThat(second.read()).isEqualTo(new Resp.Error("ERR max number of clients reached"));
            }
        }
    }

    /** The ready line's port and transport, and everything printed up to it. */
    private record Ready(int port, String transport, String printed) {}

    private static Ready awaitReady(BufferedReader out) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        for (int lines = 0; lines < 1_000 && System.nanoTime() < deadline; lines++) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
                return new Ready(Integer.parseInt(m.group(1)), m.group(2), seen.toString());
            }
        }
        throw new NoReadyLine(seen.toString());
    }

    /** The node ended or stalled before saying it was ready. */
    private static final class NoReadyLine extends AssertionError {
        final String printed;

        NoReadyLine(String printed) {
            super("no ready line; the node printed:\n" + printed);
            this.printed = printed;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 4_096; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + line);
            }
            if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
        throw new IOException("line too long: " + line);
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result run(List<String> command) throws Exception {
        return run(launcher(command.toArray(String[]::new)));
    }

    /** A process that may use the image but never rebuilds it: a stale image fails the test. */
    private static ProcessBuilder launcher(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CHKV_NO_BUILD", "1");
        return pb;
    }

    private Result run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("chkv-out", ".txt");
        Path err = Files.createTempFile("chkv-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            started.add(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", pb.command()).isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
