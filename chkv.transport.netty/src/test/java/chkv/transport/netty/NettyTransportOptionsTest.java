package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transport's own options by name: a misspelt one fails, another transport's is left alone. */
class NettyTransportOptionsTest {

    @Test
    void create_unknownOptionOfNettysPrefix_failsNamingTheKnownOnes() {
        assertThatThrownBy(() -> new NettyTransport(TransportConfigs.withOptions(Map.of("netty.iox", "nio"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("netty transport option: netty.iox (expected one of: netty.io, "
                        + "netty.write-buffer-high, netty.write-buffer-low)");
    }

    @Test
    void create_optionOfAnotherPrefix_isIgnored() {
        try (NettyTransport transport = new NettyTransport(TransportConfigs.withOptions(
                Map.of("other.io", "x", NettyTransport.OPTION_IO, EventLoops.NIO)))) {
            assertThat(transport.multiplexingApi()).isEqualTo(EventLoops.NIO);
        }
    }
}
