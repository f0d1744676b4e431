package chkv.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportConfigTest {

    @Test
    void withIo_replacesThreadsAndOptions_keepsLimitsAndMessages() {
        TransportConfig base = TransportConfig.defaults().withMessages(List.of(String.class), 7)
                .withIo(3, Map.of("netty.io", "epoll"));

        TransportConfig changed = base.withIo(1, Map.of("netty.io", "nio"));

        assertThat(changed.ioThreads()).isEqualTo(1);
        assertThat(changed.options()).containsExactly(Map.entry("netty.io", "nio"));
        assertThat(changed.messageTypes()).containsExactly(String.class);
        assertThat(changed.protocolVersion()).isEqualTo(7);
        assertThat(changed.maxBulkLength()).isEqualTo(TransportConfig.defaults().maxBulkLength());
        assertThat(changed.maxFrameLength()).isEqualTo(TransportConfig.defaults().maxFrameLength());
    }
}
