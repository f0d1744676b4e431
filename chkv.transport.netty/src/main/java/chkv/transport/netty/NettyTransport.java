package chkv.transport.netty;

import chkv.api.ChkvException;
import chkv.api.ConfigException;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** The Netty transport: one event-loop group serves every endpoint and connection it opens. */
final class NettyTransport implements Transport {

    /**
     * Option: the I/O API, {@code auto} (the default: io_uring, else epoll, else NIO, whichever
     * is first available), or one of {@code io_uring}, {@code epoll}, {@code nio}.
     */
    static final String OPTION_IO = "netty.io";
    /** Option: bytes pending on a connection above which reading from it stops. */
    static final String OPTION_HIGH_WATER = "netty.write-buffer-high";
    /** Option: pending bytes below which reading resumes. */
    static final String OPTION_LOW_WATER = "netty.write-buffer-low";
    private static final Set<String> OPTIONS = Set.of(OPTION_IO, OPTION_HIGH_WATER, OPTION_LOW_WATER);
    /**
     * The most bytes read from one accepted connection per event-loop turn, as Redis reads 16 KB
     * per client per turn: Netty's default (up to 16 reads of up to 64 KB) let a client that
     * pipelines a bulk load run a megabyte of commands while every other connection of its loop waited.
     */
    static final int MAX_READ_BYTES = 16 * 1024;

    private final TransportConfig config;
    private final EventLoops loops;
    private final WriteBufferWaterMark waterMark;
    private final MessageCodecs messageCodecs;
    private final Set<NettyEndpoint> endpoints = ConcurrentHashMap.newKeySet();
    private final ChannelGroup clients;
    private final AtomicBoolean closed = new AtomicBoolean();

    NettyTransport(TransportConfig config) {
        // a misspelt option of this transport fails instead of silently taking its default;
        // keys of other prefixes belong to other transports, as the failure detectors' options do
        config.options().keySet().stream().filter(k -> k.startsWith("netty.") && !OPTIONS.contains(k)).findFirst()
                .ifPresent(k -> {
                    throw new ConfigException("netty transport option: " + k + " (expected one of: "
                            + String.join(", ", new TreeSet<>(OPTIONS)) + ")");
                });
        this.config = config;
        int high = intOption(config, OPTION_HIGH_WATER, 64 * 1024);
        int low = intOption(config, OPTION_LOW_WATER, Math.min(32 * 1024, high));
        this.waterMark = new WriteBufferWaterMark(low, high);
        this.messageCodecs = new MessageCodecs(config);
        this.loops = EventLoops.create(config.ioThreads(), config.options().getOrDefault(OPTION_IO, EventLoops.AUTO));
        this.clients = new DefaultChannelGroup("chkv-clients", loops.group().next());
    }

    /** @return {@code io_uring}, {@code epoll} or {@code nio} */
    @Override
    public String multiplexingApi() {
        return loops.name();
    }

    @Override
    public RespEndpoint serveResp(InetSocketAddress bind, CommandHandler handler) {
        RespClients clients = new RespClients();
        return serve(bind, "resp", clients, ch -> ch.pipeline().addLast(
                // flushes while a read is in progress go out every 256 replies and at its end;
                // others (deferred replies, which a proxy completes many at a time from one read of
                // a DataNode) once the event loop's current work is done: one write for them, not one each
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true),
                new RespDecoder(config.maxBulkLength(), config.maxInlineLength(), config.maxMultiBulkLength()),
                new RespEncoder(),
                new RespServerHandler(handler, clients)));
    }

    @Override
    public CompletionStage<RespConnection> connectResp(InetSocketAddress address) {
        return connectResp(address, loops.group());
    }

    @Override
    public CompletionStage<RespConnection> connectRespHere(InetSocketAddress address) {
        EventLoop here = currentLoop();
        return connectResp(address, here != null ? here : loops.group());
    }

    @Override
    public boolean onIoThread() {
        return currentLoop() != null;
    }

    private CompletionStage<RespConnection> connectResp(InetSocketAddress address, EventLoopGroup on) {
        return connect(address, on, ch -> ch.pipeline().addLast(
                new RespReplyDecoder(config.maxBulkLength(), config.maxMultiBulkLength()),
                new RespCommandEncoder(),
                new RespClientHandler()))
                .thenApply(ch -> new RespClientConnection(ch, ch.pipeline().get(RespClientHandler.class)));
    }

    /** @return the event loop of this transport the caller runs on, or {@code null} */
    private EventLoop currentLoop() {
        for (EventExecutor loop : loops.group()) {
            if (loop.inEventLoop()) {
                return (EventLoop) loop;
            }
        }
        return null;
    }

    @Override
    public Endpoint serveMessages(InetSocketAddress bind, MessageHandler handler) {
        return serve(bind, "messages", new RespClients(), ch -> messageCodecs.install(ch, handler, null));
    }

    @Override
    public CompletionStage<MessageConnection> connectMessages(InetSocketAddress address, MessageHandler handler) {
        CompletableFuture<MessageConnection> handshaken = new CompletableFuture<>();
        connect(address, loops.group(), ch -> messageCodecs.install(ch, handler, handshaken))
                .whenComplete((ch, failure) -> {
                    if (failure != null) {
                        handshaken.completeExceptionally(failure);
                    }
                });
        return handshaken;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (NettyEndpoint endpoint : endpoints) {
            endpoint.close();
        }
        clients.close().awaitUninterruptibly();
        loops.shutdown();
        LeakReports.check();
    }

    private NettyEndpoint serve(InetSocketAddress bind, String kind, RespClients clients,
            Consumer<SocketChannel> setup) {
        checkOpen();
        ChannelGroup accepted = new DefaultChannelGroup("chkv-" + kind, loops.group().next());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES).maxMessagesPerRead(1))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        setup.accept(ch);
                    }
                });
        ChannelFuture bound = bootstrap.bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new ChkvException(kind + " bind: " + bind + " failed (expected: a free local address)",
                    bound.cause());
        }
        NettyEndpoint endpoint = new NettyEndpoint(bound.channel(), accepted, clients, endpoints::remove);
        endpoints.add(endpoint);
        return endpoint;
    }

    private CompletableFuture<Channel> connect(InetSocketAddress address, EventLoopGroup on,
            Consumer<SocketChannel> setup) {
        checkOpen();
        CompletableFuture<Channel> result = new CompletableFuture<>();
        ChannelHandler initializer = new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                clients.add(ch);
                setup.accept(ch);
            }
        };
        new Bootstrap()
                .group(on)
                .channel(loops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .handler(initializer)
                .connect(address)
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        result.complete(f.channel());
                    } else {
                        result.completeExceptionally(new ChkvException("connect: " + address + " failed", f.cause()));
                    }
                });
        return result;
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("transport: closed (expected: open)");
        }
    }

    private static int intOption(TransportConfig config, String key, int fallback) {
        String value = config.options().get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + ": " + value + " (expected: a number of bytes)");
        }
    }
}
