package chkv.transport.netty;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * A pipelined RESP client connection. Every send runs on the channel's event loop, so the order
 * commands are queued in is the order they are written and their replies matched. Replies
 * complete on the event loop: callbacks must not block.
 */
final class RespClientConnection implements Transport.RespConnection {

    private final Channel channel;
    private final RespClientHandler handler;

    RespClientConnection(Channel channel, RespClientHandler handler) {
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public CompletionStage<Reply> send(byte[]... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("RESP command: no arguments (expected: a name)");
        }
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        byte[][] command = args.clone();
        if (channel.eventLoop().inEventLoop()) {
            handler.send(command, reply);
        } else {
            try {
                channel.eventLoop().execute(() -> handler.send(command, reply));
            } catch (RejectedExecutionException e) {
                reply.completeExceptionally(new ChkvException("RESP connection: transport closed", e));
            }
        }
        return reply;
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

    /** @return the event loop the connection's sends and replies run on */
    io.netty.channel.EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public String toString() {
        return "RESP connection to " + channel.remoteAddress();
    }
}
