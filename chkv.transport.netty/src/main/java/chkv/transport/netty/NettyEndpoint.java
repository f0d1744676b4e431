package chkv.transport.netty;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A listening channel and the connections it accepted, closed together; for RESP, with the limits
 * its connections share.
 */
final class NettyEndpoint implements Transport.RespEndpoint {

    private final Channel server;
    private final ChannelGroup accepted;
    private final RespClients clients;
    private final Consumer<NettyEndpoint> onClose;

    NettyEndpoint(Channel server, ChannelGroup accepted, RespClients clients, Consumer<NettyEndpoint> onClose) {
        this.server = server;
        this.accepted = accepted;
        this.clients = clients;
        this.onClose = onClose;
    }

    @Override
    public void clientLimits(ClientLimits limits) {
        clients.limits(limits);
    }

    @Override
    public ClientLimits clientLimits() {
        return clients.limits();
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
