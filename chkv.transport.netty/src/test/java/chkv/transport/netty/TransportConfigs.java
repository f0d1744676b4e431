package chkv.transport.netty;

import chkv.api.spi.TransportConfig;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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

    /** @return the I/O APIs this system can use, for tests that run on each */
    static Stream<String> ioApis() {
        return Stream.of(IoUring.isAvailable() ? EventLoops.IO_URING : null,
                Epoll.isAvailable() ? EventLoops.EPOLL : null, EventLoops.NIO).filter(io -> io != null);
    }
}
