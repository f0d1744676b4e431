package chkv.node.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} 7 process on a free loopback port, without persistence: the
 * reference the differential test compares CHKV with. Skipped or failed (on CI) when there is
 * no redis-server 7 on {@code PATH}.
 */
final class RedisServer implements RespServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;
    /** The only address tests listen on. */
    static final String LOOPBACK = "127.0.0.1";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Processes still running, killed by a shutdown hook if the JVM exits before close. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> LIVE.forEach(Process::destroyForcibly), "redis-server-reaper"));
    }

    private final Process process;
    private final InetSocketAddress address;
    private final Path dir;
    private final String version;

    private RedisServer(Process process, InetSocketAddress address, Path dir, String version) {
        this.process = process;
        this.address = address;
        this.dir = dir;
        this.version = version;
    }

    /**
     * Starts redis-server 7 and waits until it answers PING.
     *
     * @param config more {@code --name value} arguments, for example {@code --requirepass x}
     */
    static RedisServer start(String... config) {
        Path executable = ExternalTools.require("redis-server");
        String version = version(executable);
        if (!version.startsWith("7.")) {
            ExternalTools.unavailable("redis-server " + version + " at " + executable
                    + " (expected: 7.x, the version the differential script is written against)");
        }
        IllegalStateException failure = new IllegalStateException("redis-server did not start");
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOnce(executable, version, config);
            } catch (IllegalStateException e) {
                // Most likely the free port was taken between probing and binding: retry.
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }

    private static RedisServer startOnce(Path executable, String version, String[] config) {
        Path dir;
        try {
            dir = Files.createTempDirectory("redis-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = freePort();
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port), "--bind", LOOPBACK,
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning"));
        command.addAll(List.of(config));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException(e);
        }
        LIVE.add(process);
        RedisServer server = new RedisServer(process, address, dir, version);
        try {
            server.awaitPong();
            return server;
        } catch (RuntimeException e) {
            String log = server.log();
            server.close();
            throw new IllegalStateException("redis-server on port " + port + ": " + e.getMessage()
                    + "; its log:\n" + log, e);
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue());
            }
            try (RawConnection connection = new RawConnection(address)) {
                connection.write(ping);
                Resp reply = connection.read();
                // with --requirepass the answer is NOAUTH, which is as good a sign of life
                if (reply.type() == '+' && "PONG".equals(reply.text())
                        || reply.type() == '-' && reply.text().startsWith("NOAUTH")) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not listening yet, or still loading
            }
            sleep(50);
        }
        throw new IllegalStateException("no PONG within " + START_TIMEOUT);
    }

    private static String version(Path executable) {
        try {
            Process p = new ProcessBuilder(executable.toString(), "--version")
                    .redirectErrorStream(true).start();
            try {
                byte[] out = p.getInputStream().readNBytes(4096);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(executable + " --version did not exit in 10 s");
                }
                Matcher m = VERSION.matcher(new String(out, StandardCharsets.UTF_8));
                return m.find() ? m.group(1) + "." + m.group(2) + "." + m.group(3) : "unknown";
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return a port that was free a moment ago on the loopback interface */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "redis-server " + version;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name() + " on " + address;
    }
}
