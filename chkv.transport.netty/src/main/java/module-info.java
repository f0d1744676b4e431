/**
 * The Netty {@link chkv.api.spi.Transport}, selected by the name {@code netty}: RESP2 and RESP3
 * for clients, length-limited framed messages between nodes, native epoll where available.
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

    provides chkv.api.spi.TransportProvider with chkv.transport.netty.NettyTransportProvider;
}
