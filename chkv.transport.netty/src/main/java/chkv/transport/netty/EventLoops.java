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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;

/**
 * The event-loop group and the channel classes that go with it: io_uring where the kernel
 * allows it, else native epoll, else NIO, unless configuration names one.
 *
 * @param group the I/O threads
 * @param serverChannel the listening channel class
 * @param socketChannel the connection channel class
 * @param name {@code io_uring}, {@code epoll} or {@code nio}
 */
record EventLoops(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, String name) {

    /** Picks the first of io_uring, epoll and NIO that is available. */
    static final String AUTO = "auto";
    static final String IO_URING = "io_uring";
    static final String EPOLL = "epoll";
    static final String NIO = "nio";

    /**
     * @param threads I/O threads, 0 for one per core
     * @param io {@link #AUTO}, or the one to use: {@link #IO_URING}, {@link #EPOLL}, {@link #NIO}
     * @return a started group
     * @throws IllegalArgumentException if {@code io} names none of these
     * @throws IllegalStateException if {@code io} names a native API this system cannot use
     */
    static EventLoops create(int threads, String io) {
        String chosen = switch (io) {
            case AUTO -> IoUring.isAvailable() ? IO_URING : Epoll.isAvailable() ? EPOLL : NIO;
            case IO_URING -> requireAvailable(io, IoUring.unavailabilityCause());
            case EPOLL -> requireAvailable(io, Epoll.unavailabilityCause());
            case NIO -> NIO;
            default -> throw new IllegalArgumentException("I/O API: " + io
                    + " (expected: auto, io_uring, epoll or nio)");
        };
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        // Not daemons: a serving node stays up on these threads until the transport is closed.
        ThreadFactory factory = new DefaultThreadFactory("chkv-io", false);
        return switch (chosen) {
            case IO_URING -> new EventLoops(group(n, factory, IoUringIoHandler.newFactory()),
                    IoUringServerSocketChannel.class, IoUringSocketChannel.class, IO_URING);
            case EPOLL -> new EventLoops(group(n, factory, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, EPOLL);
            default -> new EventLoops(group(n, factory, NioIoHandler.newFactory()),
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
