package chkv.transport.netty;

import chkv.api.spi.Transport;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/** The state of one RESP connection, as the command layer sees it. */
final class RespSession implements Transport.Session {

    private final long id;
    private final Channel channel;
    private volatile int protocol = 2;
    private volatile boolean closeRequested;
    private volatile Object attachment;
    private volatile boolean authenticated = true;

    /** Where the decoder, ahead of the command handler in the pipeline, finds the session. */
    static final AttributeKey<RespSession> KEY = AttributeKey.valueOf(RespSession.class, "session");

    /** @param id the connection's CLIENT ID, from its endpoint's {@link RespClients#nextId()} */
    RespSession(Channel channel, long id) {
        this.channel = channel;
        this.id = id;
        channel.attr(KEY).set(this);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("RESP version: " + version + " (expected: 2 or 3)");
        }
        protocol = version;
    }

    @Override
    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** @return whether the decoder may accept requests beyond the unauthenticated limits */
    boolean authenticated() {
        return authenticated;
    }

    @Override
    public void closeAfterReply() {
        closeRequested = true;
    }

    @Override
    public void close() {
        channel.close();
    }

    /** @return whether the command just handled asked to close, clearing the request */
    boolean takeCloseRequest() {
        if (!closeRequested) {
            return false;
        }
        closeRequested = false;
        return true;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object state) {
        attachment = state;
    }

    /** @return the connection (for tests that look at its pending bytes) */
    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "session " + id + " " + channel.remoteAddress();
    }
}
