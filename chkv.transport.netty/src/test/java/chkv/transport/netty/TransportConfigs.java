package chkv.transport.netty;

import chkv.api.spi.TransportConfig;
import java.util.List;
import java.util.Map;

/** Configurations for tests: few threads, Redis's RESP limits. */
final class TransportConfigs {

    private TransportConfigs() {}

    /** @return Redis's limits on two I/O threads */
    static TransportConfig small() {
        return withOptions(Map.of());
    }

    /** @return Redis's limits on two I/O threads with transport options */
    static TransportConfig withOptions(Map<String, String> options) {
        TransportConfig d = TransportConfig.defaults();
        return new TransportConfig(2, d.maxBulkLength(), d.maxInlineLength(), d.maxMultiBulkLength(),
                d.maxFrameLength(), 1, List.of(), options);
    }
}
