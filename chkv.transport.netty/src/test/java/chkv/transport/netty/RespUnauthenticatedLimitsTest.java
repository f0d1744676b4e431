package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Until the command layer marks a session authenticated, requests are held to Redis's
 * unauthenticated limits; the replies are the bytes redis-server 7.0 sends with requirepass.
 */
@ExtendWith(LeakCheck.class)
class RespUnauthenticatedLimitsTest {

    /** Starts every session unauthenticated; AUTH lifts the limits; ECHO answers its argument. */
    private static final Transport.CommandHandler GUARDED = new Transport.CommandHandler() {
        @Override
        public Reply handle(Transport.Session session, byte[][] args) {
            String name = new String(args[0], StandardCharsets.US_ASCII);
            if (name.equalsIgnoreCase("AUTH")) {
                session.authenticated(true);
                return Reply.OK;
            }
            return name.equalsIgnoreCase("ECHO") ? Reply.bulk(args[1]) : Reply.integer(args.length);
        }

        @Override
        public void connected(Transport.Session session) {
            session.authenticated(false);
        }
    };

    private Transport transport;
    private InetSocketAddress address;

    @BeforeEach
    void serve() {
        transport = new NettyTransportProvider().create(TransportConfigs.withOptions(java.util.Map.of()));
        address = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), GUARDED).address();
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void unauthenticated_tenArguments_areServed() throws Exception {
        try (RespSocket client = new RespSocket(address)) {
            client.send("*10\r\n" + "$1\r\nx\r\n".repeat(10));
            assertThat(client.read(4)).isEqualTo(":10\r");
        }
    }

    @Test
    void unauthenticated_elevenArguments_protocolErrorThenClose() throws Exception {
        try (RespSocket client = new RespSocket(address)) {
            client.send("*11\r\n");
            assertThat(client.readToEnd()).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        }
    }

    @Test
    void unauthenticated_bulkOf16KB_isServed_andOneByteMoreIsRefused() throws Exception {
        try (RespSocket client = new RespSocket(address)) {
            client.send("*2\r\n$4\r\nECHO\r\n$16384\r\n" + "v".repeat(16384) + "\r\n");
            assertThat(client.read(8)).isEqualTo("$16384\r\n");
            assertThat(client.read(16386)).hasSize(16386);
            client.send("*2\r\n$4\r\nECHO\r\n$16385\r\n");
            assertThat(client.readToEnd()).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
        }
    }

    @Test
    void authenticated_inTheSamePipeline_liftsTheLimitsForWhatFollows() throws Exception {
        try (RespSocket client = new RespSocket(address)) {
            client.send("AUTH pw\r\n*11\r\n" + "$1\r\nx\r\n".repeat(11));
            assertThat(client.read(10)).isEqualTo("+OK\r\n:11\r\n");
        }
    }

    @Test
    void invalidLength_isStillReportedAsInvalid_beforeTheAuthenticationLimit() throws Exception {
        try (RespSocket client = new RespSocket(address)) {
            client.send("*2\r\n$4\r\nECHO\r\n$-5\r\n");
            assertThat(client.readToEnd()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        }
    }
}
