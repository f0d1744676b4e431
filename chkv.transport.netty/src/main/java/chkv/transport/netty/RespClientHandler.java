package chkv.transport.netty;

import chkv.api.ChkvException;
import chkv.api.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Matches replies to commands: RESP answers in order, so each reply completes the oldest pending
 * command. Touched only on the channel's event loop.
 */
final class RespClientHandler extends ChannelInboundHandlerAdapter {

    private final ArrayDeque<CompletableFuture<Reply>> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean flushScheduled;
    private boolean closed;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Queues and writes a command; commands sent in one burst go out with one flush. */
    void send(byte[][] args, CompletableFuture<Reply> reply) {
        if (closed || !ctx.channel().isActive()) {
            reply.completeExceptionally(new ChkvException("RESP connection: closed (expected: open)"));
            return;
        }
        pending.add(reply);
        ctx.write(args, ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            // Runs after the sends already queued on this loop, so they share one flush.
            ctx.executor().execute(() -> {
                flushScheduled = false;
                ctx.flush();
            });
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        CompletableFuture<Reply> next = pending.poll();
        if (next == null && msg instanceof Reply.Aggregate push && push.kind() == Reply.Aggregate.Kind.PUSH) {
            return; // an out-of-band RESP3 push (e.g. an invalidation) answers no command
        }
        if (next == null) {
            failAll(new ChkvException("RESP reply: unsolicited " + msg + " (expected: none pending)"));
            ctx.close();
            return;
        }
        next.complete((Reply) msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        failAll(new ChkvException("RESP connection: closed by " + ctx.channel().remoteAddress()
                + " (expected: open)"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closed = true;
        failAll(new ChkvException("RESP connection: failed: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void failAll(ChkvException failure) {
        CompletableFuture<Reply> next;
        while ((next = pending.poll()) != null) {
            next.completeExceptionally(failure);
        }
    }
}
