package chkv.node.boot;

import chkv.api.spi.TransportConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --transport-option KEY=VALUE}, as every role takes it: settings handed to the transport
 * as given, so that the transport itself judges them and names what it expected.
 */
final class TransportOptions {

    @Option(names = "--transport-option", paramLabel = "KEY=VALUE",
            description = "A transport setting; repeatable. For netty, the I/O API: "
                    + "netty.io=auto|io_uring|epoll|nio (default auto, the first available).")
    Map<String, String> options = Map.of();

    /**
     * @param ioThreads the transport's I/O threads, 0 for its default
     * @return the transport's defaults with these options
     */
    TransportConfig config(int ioThreads) {
        return TransportConfig.defaults().withIo(ioThreads, options);
    }

    /** @return these options as command-line words, for a process that should use the same transport */
    List<String> args() {
        List<String> args = new ArrayList<>();
        options.forEach((key, value) -> args.addAll(List.of("--transport-option", key + "=" + value)));
        return args;
    }
}
