package chkv.node.command;

import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** A connection without a socket: records what the command layer asks of it; shared by the node's tests. */
public final class FakeSession implements Transport.Session {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final InetSocketAddress remote;
    private int protocol = 2;
    private boolean closeAfterReply;
    private boolean authenticated = true;
    private Object attachment;

    public FakeSession() {
        this(new InetSocketAddress("127.0.0.1", 50_000));
    }

    FakeSession(InetSocketAddress remote) {
        this.remote = remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 7380);
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
    public void authenticated(boolean value) {
        authenticated = value;
    }

    /** @return what the command layer last told the transport about authentication */
    boolean transportAuthenticated() {
        return authenticated;
    }

    @Override
    public void closeAfterReply() {
        closeAfterReply = true;
    }

    boolean closing() {
        return closeAfterReply;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object state) {
        attachment = state;
    }
}
