package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.StoreConfig;
import chkv.api.spi.TransportConfig;
import chkv.node.boot.Providers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A DataNode on the real transport, spoken to over a plain socket in raw RESP. */
class DataNodeSocketTest {
    private DataNode node;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    @BeforeEach
    void start() throws IOException {
        TransportConfig config = new TransportConfig(1, TransportConfig.DEFAULT_MAX_BULK,
                TransportConfig.DEFAULT_MAX_INLINE, TransportConfig.DEFAULT_MAX_MULTIBULK,
                TransportConfig.DEFAULT_MAX_FRAME, 1, List.of(), Map.of());
        node = DataNode.start(Providers.transports().get("netty").create(config),
                Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC())),
                DataNode.Settings.of(new InetSocketAddress("127.0.0.1", 0)).withRequirePass("pw"));
        socket = new Socket();
        socket.connect(node.respAddress(), 10_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        node.close();
    }

    private String call(String expectedReply, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            request.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] reply = in.readNBytes(expectedReply.length());
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    @Test
    void resp_authSetGetHelloQuit() throws IOException {
        assertThat(call("-NOAUTH Authentication required.\r\n", "GET", "k"))
                .isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(call("+OK\r\n", "AUTH", "pw")).isEqualTo("+OK\r\n");
        assertThat(call("+OK\r\n", "SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(call("$1\r\nv\r\n", "GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(call("$-1\r\n", "GET", "missing")).isEqualTo("$-1\r\n");
        String hello = call("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n", "HELLO", "3");
        assertThat(hello).isEqualTo("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
        // the rest of the HELLO map up to "modules" and its empty array
        byte[] rest = new byte[4096];
        int n = 0;
        while (!new String(rest, 0, n, StandardCharsets.ISO_8859_1).endsWith("$7\r\nmodules\r\n*0\r\n")) {
            int r = in.read(rest, n, rest.length - n);
            assertThat(r).as("HELLO reply ended early").isPositive();
            n += r;
        }
        assertThat(call("_\r\n", "GET", "missing")).isEqualTo("_\r\n");
        assertThat(call("+OK\r\n", "QUIT")).isEqualTo("+OK\r\n");
        assertThat(in.read()).as("connection closed after QUIT").isEqualTo(-1);
    }
}
