package chkv.transport.netty;

import chkv.api.ChkvException;
import chkv.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Matches replies to commands: RESP answers in order, so each reply completes the oldest pending
 * command. The commands sent in one turn of the event loop (a proxy forwards there what it read
 * from all its clients) are encoded into one buffer, written and flushed once at the end of the
 * turn: one message through the pipeline and one socket write for them, not one per command.
 * Touched only on the channel's event loop.
 */
final class RespClientHandler extends ChannelInboundHandlerAdapter {

    /** A burst this large is written at once, while the flush still waits for the end of the turn. */
    static final int WRITE_AT = 64 * 1024;
    private static final int INITIAL_BATCH = 1024;

    private final ArrayDeque<CompletableFuture<Reply>> pending = new ArrayDeque<>();
    private final Runnable flushTask = this::flushBatch;
    private ChannelHandlerContext ctx;
    /** The commands encoded since the last write, or {@code null}. */
    private ByteBuf batch;
    private boolean flushScheduled;
    private boolean closed;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Queues a command; commands sent in one burst go out in one buffer with one flush. */
    void send(byte[][] args, CompletableFuture<Reply> reply) {
        if (closed || !ctx.channel().isActive()) {
            reply.completeExceptionally(new ChkvException("RESP connection: closed (expected: open)"));
            return;
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(Math.max(INITIAL_BATCH, RespCommandWriter.size(args)));
        }
        RespCommandWriter.write(args, batch);
        pending.add(reply);
        if (batch.readableBytes() >= WRITE_AT) {
            ByteBuf full = batch;
            batch = null;
            ctx.write(full, ctx.voidPromise());
        }
        if (!flushScheduled) {
            flushScheduled = true;
            // runs after the sends already queued on this loop, so they share one write
            ctx.executor().execute(flushTask);
        }
    }

    private void flushBatch() {
        flushScheduled = false;
        ByteBuf out = batch;
        batch = null;
        if (out != null) {
            ctx.write(out, ctx.voidPromise()); // released by the channel if it has closed meanwhile
        }
        ctx.flush();
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
        releaseBatch();
        failAll(new ChkvException("RESP connection: closed by " + ctx.channel().remoteAddress()
                + " (expected: open)"));
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBatch();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closed = true;
        releaseBatch();
        failAll(new ChkvException("RESP connection: failed: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void releaseBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    private void failAll(ChkvException failure) {
        CompletableFuture<Reply> next;
        while ((next = pending.poll()) != null) {
            next.completeExceptionally(failure);
        }
    }
}
