package chkv.node.proxy;

import chkv.api.spi.Transport;
import java.net.InetSocketAddress;

/** The proxy's state of one client connection: authentication, what the client said of itself, its transaction. */
final class ProxySession {
    private final Transport.Session session;
    private final Transaction transaction;
    private final long createdMillis;
    private volatile boolean authenticated;
    private volatile String name;
    private volatile String libName;
    private volatile String libVersion;

    /** @param transaction its WATCH and MULTI, or {@code null} when the cluster client cannot pin them */
    ProxySession(Transport.Session session, long nowMillis, boolean authenticated, Transaction transaction) {
        this.session = session;
        this.transaction = transaction;
        this.createdMillis = nowMillis;
        this.authenticated = authenticated;
        session.authenticated(authenticated); // the transport limits requests until then
    }

    Transport.Session session() {
        return session;
    }

    Transaction transaction() {
        return transaction;
    }

    boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean value) {
        authenticated = value;
        session.authenticated(value);
    }

    String name() {
        return name;
    }

    void name(String value) {
        name = value;
    }

    void library(String attribute, String value) {
        if (attribute.equals("lib-name")) {
            libName = value;
        } else {
            libVersion = value;
        }
    }

    /** @return the line {@code CLIENT LIST} and {@code CLIENT INFO} print, with its {@code \n} */
    String describe(long nowMillis) {
        return "id=" + session.id()
                + " addr=" + text(session.remoteAddress())
                + " laddr=" + text(session.localAddress())
                + " name=" + (name == null ? "" : name)
                + " age=" + (nowMillis - createdMillis) / 1000
                + " flags=" + (transaction != null && transaction.inMulti() ? "x" : "N")
                + " db=0 sub=0 psub=0 ssub=0 multi=" + (transaction == null ? -1 : transaction.queuedCount())
                + " user=default resp=" + session.protocol()
                + " lib-name=" + (libName == null ? "" : libName)
                + " lib-ver=" + (libVersion == null ? "" : libVersion)
                + "\n";
    }

    private static String text(InetSocketAddress a) {
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
