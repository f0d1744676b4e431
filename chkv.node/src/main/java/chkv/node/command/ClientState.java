package chkv.node.command;

import chkv.api.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The command layer's state of one connection, attached to its {@link Transport.Session}.
 * Fields are volatile because {@code CLIENT LIST} reads other connections' state from their
 * I/O threads. The two written on every command are opaque instead: {@code CLIENT LIST} needs
 * to see them eventually, not in order with anything, and a volatile write is a fence per command.
 */
public final class ClientState {
    private static final VarHandle LAST_COMMAND_NANOS;
    private static final VarHandle LAST_COMMAND;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST_COMMAND_NANOS = lookup.findVarHandle(ClientState.class, "lastCommandNanos", long.class);
            LAST_COMMAND = lookup.findVarHandle(ClientState.class, "lastCommand", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Transport.Session session;
    private final long createdMillis;
    private volatile boolean authenticated;
    private volatile String name;
    private volatile String libName;
    private volatile String libVersion;
    @SuppressWarnings("unused") // through LAST_COMMAND_NANOS
    private long lastCommandNanos;
    @SuppressWarnings("unused") // through LAST_COMMAND
    private String lastCommand = "NULL";

    ClientState(Transport.Session session, long nowMillis, long nowNanos, boolean authenticated) {
        this.session = session;
        this.createdMillis = nowMillis;
        this.lastCommandNanos = nowNanos;
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

    /**
     * @param nowNanos the server's monotonic time
     * @param command the command's name, for {@code cmd=}
     */
    void touched(long nowNanos, String command) {
        LAST_COMMAND_NANOS.setOpaque(this, nowNanos);
        LAST_COMMAND.setOpaque(this, command);
    }

    /** @return the line {@code CLIENT LIST} and {@code CLIENT INFO} print, with its {@code \n} */
    String describe(long nowMillis, long nowNanos) {
        var a = session.remoteAddress();
        var l = session.localAddress();
        return "id=" + session.id()
                + " addr=" + (a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort())
                + " laddr=" + (l == null ? "" : l.getAddress().getHostAddress() + ":" + l.getPort())
                + " name=" + (name == null ? "" : name)
                + " age=" + (nowMillis - createdMillis) / 1000
                + " idle=" + (nowNanos - (long) LAST_COMMAND_NANOS.getOpaque(this)) / 1_000_000_000
                // no pub/sub nor MULTI exists, so these are facts rather than placeholders
                + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1"
                + " cmd=" + (String) LAST_COMMAND.getOpaque(this)
                + " user=default redir=-1 resp=" + session.protocol()
                + " lib-name=" + (libName == null ? "" : libName)
                + " lib-ver=" + (libVersion == null ? "" : libVersion)
                + "\n";
    }
}
