package chkv.transport.netty;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Transport.CommandHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs each decoded command through the {@link CommandHandler} and writes the replies strictly in
 * request order: once a {@link Reply.Deferred} is pending, later replies queue behind it.
 * Stops reading while the socket is not writable, so a client that does not read cannot make the
 * server buffer without bound.
 */
final class RespServerHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(RespServerHandler.class.getName());
    /**
     * Replies queued behind a deferred one above which reading stops: a deferred reply that never
     * completes must not let a pipelining client queue replies without bound.
     */
    static final int MAX_QUEUED = 1024;

    private final CommandHandler handler;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private RespSession session;
    private ChannelHandlerContext ctx;
    /** Set by QUIT or a protocol error: Redis executes nothing after such a request. */
    private boolean closing;
    private int encoderProtocol = 2;

    /** A reply that must wait: it is deferred, or queued behind a deferred one. */
    private static final class Pending {
        Object reply;
        final int protocol;
        final boolean close;

        Pending(Object reply, int protocol, boolean close) {
            this.reply = reply;
            this.protocol = protocol;
            this.close = close;
        }
    }

    RespServerHandler(CommandHandler handler) {
        this.handler = handler;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session = new RespSession(ctx.channel());
        try {
            handler.connected(session);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connected() failed for " + session, e);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        closing = true;
        try {
            handler.disconnected(session);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "disconnected() failed for " + session, e);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        if (msg instanceof ProtocolError error) {
            closing = true;
            submit(error, session.protocol(), true);
            return;
        }
        Reply reply;
        try {
            reply = handler.handle(session, (byte[][]) msg);
            if (reply == null) {
                reply = Reply.error("ERR command produced no reply");
            }
        } catch (RedisException e) {
            reply = Reply.error(e.getMessage());
        } catch (RuntimeException e) {
            reply = Reply.error("ERR " + describe(e));
        }
        boolean close = session.takeCloseRequest();
        closing = close;
        submit(reply, session.protocol(), close);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Reads only while the socket takes replies (pending bytes fell below the low water mark)
     * and few replies wait behind a deferred one.
     */
    private void updateReading() {
        boolean read = ctx.channel().isWritable() && waiting.size() < MAX_QUEUED;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "closing " + session + " after a failure", cause);
        }
        ctx.close();
    }

    private void submit(Object reply, int protocol, boolean close) {
        if (reply instanceof Reply.Deferred deferred) {
            Reply ready = readyValue(deferred.future());
            if (ready == null) {
                Pending pending = new Pending(null, protocol, close);
                enqueue(pending);
                await(pending, deferred.future());
                return;
            }
            reply = ready;
        }
        if (waiting.isEmpty()) {
            write(reply, protocol, close);
        } else {
            enqueue(new Pending(reply, protocol, close));
        }
    }

    private void enqueue(Pending pending) {
        waiting.add(pending);
        if (waiting.size() == MAX_QUEUED) {
            updateReading();
        }
    }

    /** Finishes a deferred reply on the event loop, whichever thread completes it. */
    private void await(Pending pending, CompletionStage<Reply> future) {
        future.whenComplete((value, failure) -> {
            Reply reply = failure == null ? (value == null ? Reply.NULL_BULK : value) : errorOf(failure);
            if (ctx.executor().inEventLoop()) {
                resolve(pending, reply);
            } else {
                ctx.executor().execute(() -> resolve(pending, reply));
            }
        });
    }

    private void resolve(Pending pending, Reply reply) {
        if (reply instanceof Reply.Deferred again) {
            await(pending, again.future());
            return;
        }
        pending.reply = reply;
        boolean wrote = false;
        Pending head;
        while ((head = waiting.peek()) != null && head.reply != null) {
            waiting.poll();
            write(head.reply, head.protocol, head.close);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            updateReading();
        }
    }

    private void write(Object reply, int protocol, boolean close) {
        if (protocol != encoderProtocol) {
            ctx.write(RespVersion.of(protocol), ctx.voidPromise());
            encoderProtocol = protocol;
        }
        Object message = reply instanceof ProtocolError error ? Unpooled.wrappedBuffer(error.reply()) : reply;
        if (close) {
            // Everything before is flushed with it; the connection closes once it is written.
            ctx.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(message, ctx.voidPromise());
        }
    }

    private static Reply readyValue(CompletionStage<Reply> future) {
        if (future instanceof CompletableFuture<Reply> done && done.isDone() && !done.isCompletedExceptionally()) {
            Reply value = done.join();
            return value instanceof Reply.Deferred ? null : value == null ? Reply.NULL_BULK : value;
        }
        return null;
    }

    private static Reply errorOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof RedisException redis ? Reply.error(redis.getMessage())
                : Reply.error("ERR " + describe(cause));
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
