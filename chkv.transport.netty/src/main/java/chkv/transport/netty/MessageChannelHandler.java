package chkv.transport.netty;

import chkv.api.ChkvException;
import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Delivers decoded messages to the {@link Transport.MessageHandler} once the handshake passed. */
final class MessageChannelHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(MessageChannelHandler.class.getName());

    private final Transport.MessageHandler handler;
    /** Completed when the handshake passes; {@code null} on the accepting side. */
    private final CompletableFuture<Transport.MessageConnection> handshaken;
    private Connection connection;
    private boolean ready;
    private Throwable failure;

    MessageChannelHandler(Transport.MessageHandler handler, CompletableFuture<Transport.MessageConnection> handshaken) {
        this.handler = handler;
        this.handshaken = handshaken;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = new Connection(ctx.channel());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == MessageHandshake.Ready.INSTANCE) {
            ready = true;
            if (handshaken != null) {
                handshaken.complete(connection);
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            handler.received(connection, message);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "message handler failed on " + message.getClass().getName()
                    + " from " + ctx.channel().remoteAddress(), e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "closing message connection " + ctx.channel() + ": "
                    + cause.getMessage());
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshaken != null && !handshaken.isDone()) {
            handshaken.completeExceptionally(failure instanceof ChkvException known ? known
                    : new ChkvException("message connection: closed by " + ctx.channel().remoteAddress()
                            + " during the handshake", failure));
        }
        if (ready) {
            try {
                handler.closed(connection);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closed() failed", e);
            }
        }
        ctx.fireChannelInactive();
    }

    /** The connection as the message layer sees it. */
    private static final class Connection implements Transport.MessageConnection {
        private final Channel channel;

        Connection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public CompletionStage<Void> send(Object message) {
            CompletableFuture<Void> written = new CompletableFuture<>();
            channel.writeAndFlush(message).addListener(f -> {
                if (f.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(f.cause());
                }
            });
            return written;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return (InetSocketAddress) channel.remoteAddress();
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }

        @Override
        public void close() {
            if (channel.eventLoop().inEventLoop()) {
                channel.close();
            } else {
                channel.close().awaitUninterruptibly();
            }
        }

        @Override
        public String toString() {
            return "message connection to " + channel.remoteAddress();
        }
    }
}
