package chkv.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The event-loop group and the channel classes that go with it: io_uring where the kernel
 * allows it and its threads start, else native epoll, else NIO, unless configuration names one.
 *
 * @param group the I/O threads
 * @param serverChannel the listening channel class
 * @param socketChannel the connection channel class
 * @param name {@code io_uring}, {@code epoll} or {@code nio}
 */
record EventLoops(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, String name) {

    private static final System.Logger LOG = System.getLogger(EventLoops.class.getName());

    /** Picks the first of io_uring, epoll and NIO that is available and starts. */
    static final String AUTO = "auto";
    static final String IO_URING = "io_uring";
    static final String EPOLL = "epoll";
    static final String NIO = "nio";

    /**
     * @param threads I/O threads, 0 for {@link #defaultThreads}
     * @param io {@link #AUTO}, or the one to use: {@link #IO_URING}, {@link #EPOLL}, {@link #NIO}
     * @return a started group
     * @throws IllegalArgumentException if {@code io} names none of these
     * @throws IllegalStateException if {@code io} names an API this system cannot use or start
     */
    static EventLoops create(int threads, String io) {
        return create(threads, io, EventLoops::start);
    }

    /** {@link #create(int, String)} with the way one API's group is started (tests fail it). */
    static EventLoops create(int threads, String io, BiFunction<String, Integer, EventLoops> start) {
        int n = threads > 0 ? threads : defaultThreads(Runtime.getRuntime().availableProcessors());
        return switch (io) {
            case AUTO -> firstThatStarts(n, Stream.of(
                    IoUring.isAvailable() ? IO_URING : null, Epoll.isAvailable() ? EPOLL : null, NIO)
                    .filter(Objects::nonNull).toList(), start);
            case IO_URING -> startNamed(requireAvailable(io, IoUring.unavailabilityCause()), n, start);
            case EPOLL -> startNamed(requireAvailable(io, Epoll.unavailabilityCause()), n, start);
            case NIO -> startNamed(NIO, n, start);
            default -> throw new IllegalArgumentException("I/O API: " + io
                    + " (expected: auto, io_uring, epoll or nio)");
        };
    }

    /**
     * Half the cores, at least one. Each event loop sleeps in the kernel when its connections
     * are idle, and one that serves fewer connections wakes up for fewer requests at a time:
     * with 50 clients sending one request each on two cores, two loops made 0.18 context
     * switches per request and one loop 0.04 (task switching was the largest single item in
     * the node's profile), and one loop served 4-13% more requests per second, with pipelined
     * clients as many as two loops. The cores left over run what shares the machine with the
     * loops: the kernel's network work, the JVM's compiler and collector, the clients.
     */
    static int defaultThreads(int cores) {
        return Math.max(1, cores / 2);
    }

    /** Starts the API configuration named, saying which one failed if it does not start. */
    private static EventLoops startNamed(String io, int threads, BiFunction<String, Integer, EventLoops> start) {
        try {
            return start.apply(io, threads);
        } catch (RuntimeException e) {
            throw new IllegalStateException(io + " did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The first of the candidates whose group starts. A native API can load and still fail to
     * start its threads (an io_uring ring needs memory a limit may refuse); then the next is used.
     */
    static EventLoops firstThatStarts(int threads, List<String> candidates, BiFunction<String, Integer, EventLoops> start) {
        RuntimeException failure = null;
        for (String io : candidates) {
            try {
                return start.apply(io, threads);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, io + " did not start, trying the next I/O API: " + e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure != null ? failure : new IllegalStateException("no I/O API to try");
    }

    static EventLoops start(String io, int threads) {
        // Not daemons: a serving node stays up on these threads until the transport is closed.
        ThreadFactory factory = new DefaultThreadFactory("chkv-io", false);
        return switch (io) {
            case IO_URING -> new EventLoops(group(threads, factory, IoUringIoHandler.newFactory()),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class, IO_URING);
            case EPOLL -> new EventLoops(group(threads, factory, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, EPOLL);
            default -> new EventLoops(group(threads, factory, NioIoHandler.newFactory()),
                    NioServerSocketChannel.class, NioSocketChannel.class, NIO);
        };
    }

    private static String requireAvailable(String io, Throwable unavailable) {
        if (unavailable != null) {
            throw new IllegalStateException(io + " is not available here: " + unavailable, unavailable);
        }
        return io;
    }

    private static EventLoopGroup group(int threads, ThreadFactory factory, IoHandlerFactory io) {
        return new MultiThreadIoEventLoopGroup(threads, factory, io);
    }

    /** Stops the threads after a short quiet period, waiting for them to end. */
    void shutdown() {
        group.shutdownGracefully(10, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
