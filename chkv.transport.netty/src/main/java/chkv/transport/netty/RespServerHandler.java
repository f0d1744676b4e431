package chkv.transport.netty;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.ClientLimits;
import chkv.api.spi.Transport.CommandHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each decoded command through the {@link CommandHandler} and writes the replies strictly in
 * request order: once a {@link Reply.Deferred} is pending, later replies queue behind it.
 *
 * <p>A client's unsent replies are bounded: once they pass the channel's high water mark, the
 * connection stops reading and the commands already decoded wait unexecuted in an inbox, until the
 * client has taken enough replies to fall below the low water mark. One command's reply is the
 * most that can be added past the mark, so a client that pipelines big replies and never reads
 * costs the node a bounded buffer instead of stalling it.
 *
 * <p>A connection's commands hold its event loop for about {@link #TURN_NANOS} at a time: past
 * that, the rest of what was read waits in the inbox for a later turn of the loop, after the other
 * connections' reads, so a pipelined batch of slow commands (or of any commands while the code is
 * still cold) delays the loop's other clients by a turn, not by the whole batch.
 */
final class RespServerHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(RespServerHandler.class.getName());
    /**
     * Replies queued behind a deferred one above which execution stops: a deferred reply that
     * never completes must not let a pipelining client queue replies without bound.
     */
    static final int MAX_QUEUED = 1024;
    /** How long one connection's commands may run before the rest of its batch waits for the loop's next turn. */
    static final long TURN_NANOS = 1_000_000;
    private static final byte[] MAX_CLIENTS_REACHED =
            "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    private final CommandHandler handler;
    private final RespClients clients;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Commands decoded while replies could not be taken, in arrival order. */
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private RespSession session;
    private ChannelHandlerContext ctx;
    /** Set by QUIT, a protocol error, a failure or a limit: nothing runs after it, as in Redis. */
    private boolean closing;
    /** Whether this connection holds one of the endpoint's {@code maxclients} places. */
    private boolean admitted;
    private boolean draining;
    private boolean drainScheduled;
    /** When this turn's first command of the read in progress arrived, or 0 between reads. */
    private long turnStartNanos;
    private int encoderProtocol = 2;
    private long lastInteractionNanos;
    /** When the unsent replies went above the soft output limit, or -1 while they are below it. */
    private long overSoftLimitSinceNanos = -1;
    private ScheduledFuture<?> cron;

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

    RespServerHandler(CommandHandler handler, RespClients clients) {
        this.handler = handler;
        this.clients = clients;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!clients.admit()) {
            // as Redis: the error, then the connection closes; the command layer never sees it
            closing = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(MAX_CLIENTS_REACHED)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        admitted = true;
        lastInteractionNanos = System.nanoTime();
        session = new RespSession(ctx.channel(), clients.nextId());
        try {
            handler.connected(session);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "connected() failed for " + session, e);
        }
        cron = ctx.executor().scheduleWithFixedDelay(this::cron, 1, 1, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        inbox.clear();
        closing = true;
        if (admitted) {
            admitted = false;
            clients.release();
            cron.cancel(false);
            try {
                handler.disconnected(session);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "disconnected() failed for " + session, e);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        lastInteractionNanos = System.nanoTime();
        if (turnStartNanos == 0) {
            turnStartNanos = lastInteractionNanos;
        }
        if (!inbox.isEmpty() || blocked()) {
            inbox.add(msg);
            updateReading();
            return;
        }
        if (lastInteractionNanos - turnStartNanos > TURN_NANOS) {
            inbox.add(msg); // this turn is used up: the rest of the read waits behind the other connections
            updateReading();
            scheduleDrain();
            return;
        }
        execute(msg);
        // a flush per reply, which the flush consolidation ahead of this handler merges while
        // a read is in progress, so a long read batch still moves bytes out every few hundred
        ctx.flush();
        if (blocked()) {
            updateReading();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        turnStartNanos = 0;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            lastInteractionNanos = System.nanoTime(); // the client took replies: it is not idle
            drain();
        } else {
            updateReading();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.log(System.Logger.Level.WARNING, "closing " + session + " after a failure", cause);
        }
        close();
    }

    /** Whether replies cannot be taken now: too many unsent bytes, or too many behind a deferred one. */
    private boolean blocked() {
        return !ctx.channel().isWritable() || waiting.size() >= MAX_QUEUED;
    }

    /** Runs the commands that waited, as far as the client takes their replies, then reads again. */
    private void drain() {
        if (draining) {
            return; // a flush below made the channel writable again: the loop goes on by itself
        }
        draining = true;
        try {
            boolean ran = false;
            long start = System.nanoTime();
            Object next;
            while (!closing && !blocked() && (next = inbox.poll()) != null) {
                execute(next);
                ran = true;
                if (!inbox.isEmpty() && System.nanoTime() - start > TURN_NANOS) {
                    scheduleDrain(); // the other connections of the loop first
                    break;
                }
            }
            if (ran) {
                ctx.flush();
            }
        } finally {
            draining = false;
        }
        updateReading();
    }

    /**
     * Runs the inbox in a later turn of the event loop, after the I/O that is ready by then: as a
     * scheduled task, since the loop runs the plain tasks queued meanwhile, for up to a second,
     * before it looks at I/O again, and scheduled ones only from its next turn.
     */
    private void scheduleDrain() {
        if (!drainScheduled) {
            drainScheduled = true;
            ctx.executor().schedule(() -> {
                drainScheduled = false;
                drain();
            }, 0, TimeUnit.NANOSECONDS);
        }
    }

    /** Reads only while nothing waits in the inbox and replies can be taken. */
    private void updateReading() {
        boolean read = !closing && inbox.isEmpty() && !blocked();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void execute(Object msg) {
        if (msg instanceof ProtocolError error) {
            closing = true;
            inbox.clear();
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
        if (close) {
            closing = true;
            inbox.clear();
        }
        submit(reply, session.protocol(), close);
    }

    private void submit(Object reply, int protocol, boolean close) {
        if (reply instanceof Reply.Deferred deferred) {
            Reply ready = readyValue(deferred.future());
            if (ready == null) {
                Pending pending = new Pending(null, protocol, close);
                waiting.add(pending);
                await(pending, deferred.future());
                return;
            }
            reply = ready;
        }
        if (waiting.isEmpty()) {
            write(reply, protocol, close);
        } else {
            waiting.add(new Pending(reply, protocol, close));
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
            drain();
        }
    }

    private void write(Object reply, int protocol, boolean close) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (protocol != encoderProtocol) {
            ctx.write(RespVersion.of(protocol), ctx.voidPromise());
            encoderProtocol = protocol;
        }
        Object message = reply instanceof ProtocolError error ? Unpooled.wrappedBuffer(error.reply()) : reply;
        if (close) {
            // Everything before is flushed with it; the connection closes once it is written.
            ctx.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(message, ctx.voidPromise());
        checkOutputLimits(clients.limits());
    }

    /** Redis's {@code client-output-buffer-limit} for normal clients, over the unsent reply bytes. */
    private void checkOutputLimits(ClientLimits limits) {
        if (limits.outputHardBytes() == 0 && limits.outputSoftBytes() == 0) {
            return;
        }
        long pending = pendingBytes();
        long now = System.nanoTime();
        if (limits.outputHardBytes() > 0 && pending > limits.outputHardBytes()) {
            closeOverLimit(pending);
        } else if (limits.outputSoftBytes() > 0 && pending > limits.outputSoftBytes()) {
            if (overSoftLimitSinceNanos < 0) {
                overSoftLimitSinceNanos = now;
            } else if (now - overSoftLimitSinceNanos >= TimeUnit.MILLISECONDS.toNanos(limits.outputSoftMillis())) {
                closeOverLimit(pending);
            }
        } else {
            overSoftLimitSinceNanos = -1;
        }
    }

    /** Once a second: the idle timeout, and a soft output limit exceeded for long enough. */
    private void cron() {
        if (closing) {
            return;
        }
        ClientLimits limits = clients.limits();
        long idle = System.nanoTime() - lastInteractionNanos;
        if (limits.idleTimeoutMillis() > 0 && idle >= TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMillis())) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing idle " + session);
            close();
            return;
        }
        if (!ctx.channel().isWritable()) {
            checkOutputLimits(limits);
        } else {
            overSoftLimitSinceNanos = -1;
        }
    }

    private void closeOverLimit(long pending) {
        LOG.log(System.Logger.Level.INFO, () -> session + " closed for overcoming of output buffer limits ("
                + pending + " bytes unsent)");
        close();
    }

    private void close() {
        closing = true;
        inbox.clear();
        ctx.close();
    }

    private long pendingBytes() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
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
