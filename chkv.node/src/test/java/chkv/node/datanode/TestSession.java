package chkv.node.datanode;

import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** A connection without a socket, for driving a node's command handler directly. */
final class TestSession implements Transport.Session {
    private static final AtomicLong IDS = new AtomicLong();
    private final long id = IDS.incrementAndGet();
    private int protocol = 2;
    private Object attachment;

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40_000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 46_379);
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void protocol(int version) {
        protocol = version;
    }

    @Override
    public void closeAfterReply() {}

    @Override
    public void authenticated(boolean authenticated) {}

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object state) {
        attachment = state;
    }
}
