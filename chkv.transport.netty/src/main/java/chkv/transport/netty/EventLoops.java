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
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event-loop group and the channel classes that go with it: native epoll when its library
 * loads, NIO otherwise or when configuration asks for it.
 *
 * @param group the I/O threads
 * @param serverChannel the listening channel class
 * @param socketChannel the connection channel class
 * @param name {@code epoll} or {@code nio}
 */
record EventLoops(EventLoopGroup group, Class<? extends ServerChannel> serverChannel,
        Class<? extends SocketChannel> socketChannel, String name) {

    /**
     * @param threads I/O threads, 0 for one per core
     * @param preferNative whether to use epoll when it is available
     * @return a started group
     */
    static EventLoops create(int threads, boolean preferNative) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        // Not daemons: a serving node stays up on these threads until the transport is closed.
        DefaultThreadFactory factory = new DefaultThreadFactory("chkv-io", false);
        if (preferNative && Epoll.isAvailable()) {
            IoHandlerFactory io = EpollIoHandler.newFactory();
            return new EventLoops(new MultiThreadIoEventLoopGroup(n, factory, io),
                    EpollServerSocketChannel.class, EpollSocketChannel.class, "epoll");
        }
        return new EventLoops(new MultiThreadIoEventLoopGroup(n, factory, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, NioSocketChannel.class, "nio");
    }

    /** Stops the threads after a short quiet period, waiting for them to end. */
    void shutdown() {
        group.shutdownGracefully(10, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
