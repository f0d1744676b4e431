package chkv.node.command;

import chkv.api.spi.Transport;

/**
 * The command layer's state of one connection, attached to its {@link Transport.Session}.
 * Fields are volatile because {@code CLIENT LIST} reads other connections' state from their
 * I/O threads.
 */
public final class ClientState {
    private final Transport.Session session;
    private final long createdMillis;
    private volatile boolean authenticated;
    private volatile String name;
    private volatile String libName;
    private volatile String libVersion;
    private volatile long lastCommandMillis;
    private volatile String lastCommand = "NULL";

    ClientState(Transport.Session session, long nowMillis, boolean authenticated) {
        this.session = session;
        this.createdMillis = nowMillis;
        this.lastCommandMillis = nowMillis;
        this.authenticated = authenticated;
        session.authenticated(authenticated); // the transport limits requests until then
    }

    /** @return the connection */
    public Transport.Session session() {
        return session;
    }

    /** @return whether the client may run commands that need authentication */
    public boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean value) {
        authenticated = value;
        session.authenticated(value);
    }

    /** @return the name set by {@code CLIENT SETNAME}, or {@code null} */
    public String name() {
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

    void touched(long nowMillis, String command) {
        lastCommandMillis = nowMillis;
        lastCommand = command;
    }

    /** @return the line {@code CLIENT LIST} and {@code CLIENT INFO} print, with its {@code \n} */
    String describe(long nowMillis) {
        var a = session.remoteAddress();
        var l = session.localAddress();
        return "id=" + session.id()
                + " addr=" + (a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort())
                + " laddr=" + (l == null ? "" : l.getAddress().getHostAddress() + ":" + l.getPort())
                + " name=" + (name == null ? "" : name)
                + " age=" + (nowMillis - createdMillis) / 1000
                + " idle=" + (nowMillis - lastCommandMillis) / 1000
                // no pub/sub nor MULTI exists, so these are facts rather than placeholders
                + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1"
                + " cmd=" + lastCommand
                + " user=default redir=-1 resp=" + session.protocol()
                + " lib-name=" + (libName == null ? "" : libName)
                + " lib-ver=" + (libVersion == null ? "" : libVersion)
                + "\n";
    }
}
