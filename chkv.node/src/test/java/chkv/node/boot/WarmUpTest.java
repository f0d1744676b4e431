package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.TransportConfig;
import chkv.node.datanode.DataNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The warm-up drives its mix through a real node, checks every reply, and leaves nothing behind. */
class WarmUpTest {

    static List<String> stores() {
        return Providers.stores().names();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void run_eachStore_runsEveryCommandWithTheReplyExpected(String store) throws IOException {
        // not a whole number of batches, nor of rounds: the last batch is a short one
        WarmUp.Result result = WarmUp.run(Providers.transports().get("netty"), TransportConfig.defaults(),
                Providers.stores().get(store), store, 4_321, Duration.ofMinutes(1));

        assertThat(result.commands()).isEqualTo(4_321);
        assertThat(result.nanos()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void drive_realNode_eachCommandDoesWhatItShould(String store) throws IOException {
        try (DataNode node = node(store, null); Client client = new Client(node)) {
            // 100 rounds of the mix: each leaves three keys of its own, and 64 counters are shared
            long ran = WarmUp.drive(node.respAddress(), 1_600, System.nanoTime() + Duration.ofMinutes(1).toNanos());

            assertThat(ran).isEqualTo(1_600);
            assertThat(client.call("DBSIZE")).isEqualTo(":364");
            assertThat(client.info("total_commands_processed")).isEqualTo(1_601); // the DBSIZE
            // a round's hits, as redis-server counts them: GET K and K:ex, EXISTS's two, TTL, MGET's K, K:a and K:b;
            // its misses: GET K:none, MGET's K:none
            assertThat(client.info("keyspace_hits")).isEqualTo(100 * 8);
            assertThat(client.info("keyspace_misses")).isEqualTo(100 * 2);
        }
    }

    @Test
    void drive_replyNotTheOneExpected_failsNamingIt() throws IOException {
        try (DataNode node = node("heap", "secret")) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();

            assertThatThrownBy(() -> WarmUp.drive(node.respAddress(), 10, deadline))
                    .isInstanceOf(IOException.class)
                    .hasMessage("warm-up reply 1 to SET: -NOAUTH Authentication required."
                            + " (expected: a reply starting with +)");
        }
    }

    @Test
    void drive_deadlinePassed_runsNothing() throws IOException {
        try (DataNode node = node("heap", null); Client client = new Client(node)) {
            assertThat(WarmUp.drive(node.respAddress(), 1_000_000, System.nanoTime())).isZero();
            assertThat(client.info("total_commands_processed")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void realNode_afterWarmUp_startsFromZero(String store) throws IOException {
        WarmUp.Result warmUp = WarmUp.run(Providers.transports().get("netty"), TransportConfig.defaults(),
                Providers.stores().get(store), store, 2_000, Duration.ofMinutes(1));
        assertThat(warmUp.commands()).isEqualTo(2_000);

        try (DataNode node = node(store, null); Client client = new Client(node)) {
            assertThat(client.call("CLIENT", "ID")).isEqualTo(":1");
            assertThat(client.call("DBSIZE")).isEqualTo(":0");
            assertThat(client.call("SLOWLOG", "LEN")).isEqualTo(":0");
            String info = client.bulk("INFO", "all");
            assertThat(info).contains("total_commands_processed:3\r\n", "total_connections_received:1\r\n",
                    "keyspace_hits:0\r\n", "keyspace_misses:0\r\n", "expired_keys:0\r\n")
                    .doesNotContain("cmdstat_set", "cmdstat_get", "db0:");
        }
    }

    /** A standalone node on loopback, as DataNodeCommand assembles it. */
    private static DataNode node(String store, String password) {
        return DataNode.start(Providers.transports().get("netty").create(TransportConfig.defaults()),
                Providers.stores().get(store).create(StoreConfig.of(DataNode.storeClock())),
                DataNode.Settings.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .withStore(store, 0, EvictionPolicy.NOEVICTION).withRequirePass(password));
    }

    /** One connection, one command at a time, in RESP2. */
    private static final class Client implements AutoCloseable {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;

        Client(DataNode node) throws IOException {
            socket.connect(node.respAddress(), 10_000);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** @return the reply's first line */
        String call(String... args) throws IOException {
            StringBuilder request = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                request.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                assertThat(b).as("reply byte").isNotNegative();
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        /** @return the bulk string a command answers */
        String bulk(String... args) throws IOException {
            String header = call(args);
            assertThat(header).startsWith("$");
            int length = Integer.parseInt(header.substring(1));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            assertThat(in.readNBytes(2)).isEqualTo(new byte[] {'\r', '\n'});
            return body;
        }

        /** @return a number INFO reports */
        long info(String field) throws IOException {
            Matcher m = Pattern.compile("(?m)^" + field + ":(\\d+)\r\n").matcher(bulk("INFO", "all"));
            assertThat(m.find()).as(field + " in INFO").isTrue();
            return Long.parseLong(m.group(1));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
