package chkv.transport.netty;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.api.spi.TransportProvider;

/**
 * The Netty transport, selected by the name {@code netty}: RESP2/RESP3 server and client with
 * Redis 7's limits and protocol errors, and Kryo-serialised internal messages over
 * length-limited frames after a protocol-version handshake. Uses io_uring where the kernel
 * allows it, else native epoll, else NIO.
 *
 * <p><b>Message types.</b> The classes of {@link TransportConfig#messageTypes()} are registered
 * with Kryo in that order, with fixed ids, and no other class is accepted from the wire. Kryo
 * reads and writes their fields reflectively, so the module that declares them must open their
 * package to Kryo, e.g. {@code opens chkv.node.message to com.esotericsoftware.kryo;}. Without
 * it, sending fails with an inaccessible-object error. Records are supported, and so are fields
 * of type {@code byte[]}, {@code int[]}, {@code long[]}, {@code String[]}, {@code ArrayList},
 * {@code HashMap} and the immutable collections of {@code List.of}, {@code Set.of} and
 * {@code Map.of}; any other class a message holds must itself be a registered message type.
 *
 * <p><b>Threads.</b> One event-loop group ({@link TransportConfig#ioThreads()}, 0 for half the
 * cores, at least one) serves every endpoint and connection of a transport. Command and message handlers run
 * on those threads and must not block; replies of a {@code RespConnection} complete on them too.
 * The threads are not daemons: {@link Transport#close()} releases them, and must not be called
 * from one of them.
 *
 * <p><b>Options</b> ({@link TransportConfig#options()}): {@code netty.io} names the I/O API,
 * {@code auto} (the default), {@code io_uring}, {@code epoll} or {@code nio}; naming a native one
 * the system cannot use fails instead of falling back. {@code netty.write-buffer-high} and {@code netty.write-buffer-low} (bytes, default 64 KB and
 * 32 KB) bound what a connection may have pending before the server stops reading from it. Any
 * other key that starts with {@code netty.} fails; keys of other prefixes are ignored.
 *
 * <p><b>Leak checking.</b> With the system property {@code chkv.netty.failOnLeak=true} (set for
 * the test runs of modules that use this transport), leak detection runs at paranoid and
 * {@link Transport#close()} throws when Netty reported a buffer that was never released.
 */
public final class NettyTransportProvider implements TransportProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public NettyTransportProvider() {
        LeakReports.install();
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public Transport create(TransportConfig config) {
        return new NettyTransport(config);
    }
}
