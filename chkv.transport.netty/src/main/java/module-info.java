/**
 * The Netty {@link chkv.api.spi.Transport}, selected by the name {@code netty}: RESP2 and RESP3
 * for clients, Kryo-serialised messages over length-limited frames between nodes, io_uring or
 * native epoll where available. Exports nothing; modules whose message records it serialises must open their
 * message package to {@code com.esotericsoftware.kryo}.
 *
 * @provides chkv.api.spi.TransportProvider netty
 */
module chkv.transport.netty {
    requires chkv.api;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires com.esotericsoftware.kryo;

    provides chkv.api.spi.TransportProvider with chkv.transport.netty.NettyTransportProvider;
}
