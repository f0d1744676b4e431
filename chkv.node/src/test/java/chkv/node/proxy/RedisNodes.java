package chkv.node.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * redis-server processes on free loopback ports, without persistence, that play DataNodes where a
 * test needs a command the DataNodes do not serve yet; stops them all on close.
 */
final class RedisNodes implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final Path dir;

    /** @param count how many servers to start */
    RedisNodes(int count) {
        try {
            dir = Files.createTempDirectory("proxy-redis");
            for (int i = 0; i < count; i++) {
                start();
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    List<InetSocketAddress> addresses() {
        return List.copyOf(addresses);
    }

    private void start() throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(dir.resolve(port + ".log").toFile()).start();
            processes.add(p);
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (answers(p, address)) {
                addresses.add(address);
                return;
            }
            p.destroyForcibly();
            if (attempt == 3) {
                throw new IllegalStateException("redis-server: no PONG on port " + port + " within 10 s, 3 times"
                        + " (expected: a redis-server on PATH that starts)");
            }
        }
    }

    private static boolean answers(Process p, InetSocketAddress a) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Jedis j = new Jedis(a.getHostString(), a.getPort())) {
                if ("PONG".equals(j.ping())) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temporary directory left behind
            }
        }
    }
}
