package chkv.transport.netty;

import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/** A listening channel and the connections it accepted, closed together. */
final class NettyEndpoint implements Transport.Endpoint {

    private final Channel server;
    private final ChannelGroup accepted;
    private final Consumer<NettyEndpoint> onClose;

    NettyEndpoint(Channel server, ChannelGroup accepted, Consumer<NettyEndpoint> onClose) {
        this.server = server;
        this.accepted = accepted;
        this.onClose = onClose;
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        accepted.close().awaitUninterruptibly();
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "endpoint " + server.localAddress();
    }
}
