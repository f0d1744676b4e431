package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Raw RESP through a proxy that requires a password: the exact bytes, pipelined in one write. */
class ProxyRespTest {
    private static ProxyCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new ProxyCluster("pw");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static String command(String... words) {
        StringBuilder out = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            out.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        return out.toString();
    }

    /** Sends everything in one write and reads until {@code expected.length()} bytes came back. */
    private static String exchange(String requests, int expectedLength) throws IOException {
        InetSocketAddress a = cluster.proxyAddress();
        try (Socket socket = new Socket(a.getAddress(), a.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (got.size() < expectedLength) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void auth_isRequiredAtTheProxy_thenPipelinedRepliesComeInOrder() throws IOException {
        String requests = command("GET", "a")
                + command("AUTH", "wrong")
                + command("AUTH", "pw")
                + command("SET", "a", "1")
                + command("INCR", "a")
                + command("SET", "b", "x")
                + command("MGET", "a", "missing", "b")
                + command("PING")
                + command("DEL", "a", "b", "missing")
                + command("GET", "a")
                + command("ECHO", "bye");
        String expected = "-NOAUTH Authentication required.\r\n"
                + "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "+OK\r\n"
                + "+OK\r\n"
                + ":2\r\n"
                + "+OK\r\n"
                + "*3\r\n$1\r\n2\r\n$-1\r\n$1\r\nx\r\n"
                + "+PONG\r\n"
                + ":2\r\n"
                + "$-1\r\n"
                + "$3\r\nbye\r\n";
        assertThat(exchange(requests, expected.length())).isEqualTo(expected);
    }

    @Test
    void hello3_authenticatesAndSwitchesProtocol_forForwardedRepliesToo() throws IOException {
        String requests = command("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "raw")
                + command("SET", "n", "5")
                + command("GET", "nothing")
                + command("CLIENT", "GETNAME")
                + command("QUIT");
        String hello = "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n"
                + "$2\r\nid\r\n";
        String reply = exchange(requests, Integer.MAX_VALUE);
        assertThat(reply).startsWith(hello);
        assertThat(reply).endsWith("$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n"
                + "+OK\r\n_\r\n$3\r\nraw\r\n+OK\r\n");
    }
}
