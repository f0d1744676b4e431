package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.node.boot.Providers;
import chkv.node.datanode.DataNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A node bound to every address, without a password, turns away a client that reaches it on a
 * non-loopback address with Redis's DENIED text, and serves loopback clients.
 */
class ProtectedModeTest {

    private static final String DENIED_START = "-DENIED Redis is running in protected mode because protected mode is "
            + "enabled and no password is set for the default user.";

    @Test
    void nonLoopbackClient_isDeniedAndClosed_loopbackIsServed() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        try (DataNode node = start(true)) {
            int port = node.respAddress().getPort();
            try (RawConnection c = new RawConnection(new InetSocketAddress(external.get(), port))) {
                c.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                RawConnection.UntilClosed answer = c.readUntilClosed();
                String text = new String(answer.bytes(), StandardCharsets.US_ASCII);
                assertThat(text).startsWith(DENIED_START).endsWith("from the outside.\r\n");
                assertThat(answer.closed()).isTrue();
            }
            try (RawConnection c = new RawConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                c.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.read().text()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void protectedModeOff_servesNonLoopbackClients() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        try (DataNode node = start(false);
                RawConnection c = new RawConnection(new InetSocketAddress(external.get(), node.respAddress().getPort()))) {
            c.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.read().text()).isEqualTo("PONG");
        }
    }

    private static DataNode start(boolean protectedMode) {
        Store store = Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC()));
        Transport transport;
        try {
            transport = Providers.transports().get("netty").create(TransportConfig.defaults());
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        return DataNode.start(transport, store, DataNode.Settings.of(new InetSocketAddress("0.0.0.0", 0)),
                server -> server.protectedMode(protectedMode));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
