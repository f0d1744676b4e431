package chkv.node.command;

import chkv.api.spi.Transport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    /** CLIENT NO-EVICT: shown in CLIENT LIST; CHKV never evicts clients anyway. */
    private volatile boolean noEvict;
    @SuppressWarnings("unused") // through LAST_COMMAND_NANOS
    private long lastCommandNanos;
    @SuppressWarnings("unused") // through LAST_COMMAND
    private String lastCommand = "NULL";
    /** The commands queued since MULTI, or {@code null} outside a transaction. */
    private volatile List<Queued> queued;
    /** A command was refused while queuing: EXEC answers EXECABORT. */
    private boolean dirtyExec;
    /** A watched key changed, set by any connection's thread: EXEC answers a null array. */
    private volatile boolean dirtyCas;
    /** Written on this connection's thread, read under the exclusive gate (EXEC). */
    private List<Watched> watched = List.of();

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

    /** @return whether a MULTI is open */
    boolean inMulti() {
        return queued != null;
    }

    /** Opens a transaction. */
    void multi() {
        queued = new ArrayList<>();
        dirtyExec = false;
    }

    /** Queues a command of the open transaction. */
    void queue(CommandSpec spec, byte[][] args) {
        queued.add(new Queued(spec, args));
    }

    /** A command was refused while the transaction was open: EXEC will abort (Redis's flagTransaction). */
    void flagTransaction() {
        if (queued != null) {
            dirtyExec = true;
        }
    }

    boolean dirtyExec() {
        return dirtyExec;
    }

    /** @return the queued commands, closing the transaction */
    List<Queued> endMulti() {
        List<Queued> q = queued;
        queued = null;
        dirtyExec = false;
        return q == null ? List.of() : q;
    }

    /** @return the queued commands, the transaction staying open */
    List<Queued> queued() {
        return queued;
    }

    /** A watched key changed. */
    void dirtyCas() {
        dirtyCas = true;
    }

    boolean isDirtyCas() {
        return dirtyCas;
    }

    boolean isWatching(byte[] key) {
        for (Watched w : watched) {
            if (Arrays.equals(w.key(), key)) {
                return true;
            }
        }
        return false;
    }

    void watched(byte[] key, boolean live) {
        if (watched.isEmpty()) {
            watched = new ArrayList<>();
        }
        watched.add(new Watched(key, live));
    }

    List<Watched> watchedKeys() {
        return watched;
    }

    /** @return the keys that were watched; none are afterwards, and the dirty mark is gone */
    List<Watched> clearWatched() {
        List<Watched> w = watched;
        watched = List.of();
        dirtyCas = false;
        return w;
    }

    /** Back to a fresh connection's name and authentication (RESET). */
    void reset(boolean authenticatedByDefault) {
        name = null;
        authenticated(authenticatedByDefault);
    }

    /** @return the client's address as Redis prints it: {@code ip:port}, {@code [ip6]:port} */
    String peerId() {
        var a = session.remoteAddress();
        if (a == null) {
            return "";
        }
        String ip = a.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    /** @return the line {@code CLIENT LIST} and {@code CLIENT INFO} print, with its {@code \n} */
    String describe(long nowMillis, long nowNanos) {
        var a = session.remoteAddress();
        var l = session.localAddress();
        List<Queued> q = queued;
        return "id=" + session.id()
                + " addr=" + (a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort())
                + " laddr=" + (l == null ? "" : l.getAddress().getHostAddress() + ":" + l.getPort())
                + " name=" + (name == null ? "" : name)
                + " age=" + (nowMillis - createdMillis) / 1000
                + " idle=" + (nowNanos - (long) LAST_COMMAND_NANOS.getOpaque(this)) / 1_000_000_000
                + " flags=" + flags() + " db=0 sub=0 psub=0 ssub=0 multi=" + (q == null ? -1 : q.size())
                + " cmd=" + (String) LAST_COMMAND.getOpaque(this)
                + " user=default redir=-1 resp=" + session.protocol()
                + " lib-name=" + (libName == null ? "" : libName)
                + " lib-ver=" + (libVersion == null ? "" : libVersion)
                + "\n";
    }

    /** Redis's flag letters: x in MULTI, d when a watched key changed, N for none. */
    void noEvict(boolean value) {
        noEvict = value;
    }

    private String flags() {
        String f = (queued != null ? "x" : "") + (dirtyCas ? "d" : "") + (noEvict ? "e" : "");
        return f.isEmpty() ? "N" : f;
    }

    /** A command queued by MULTI. @param spec the command @param args its arguments */
    record Queued(CommandSpec spec, byte[][] args) {}

    /** A watched key. @param key the key @param liveWhenWatched whether it existed then */
    record Watched(byte[] key, boolean liveWhenWatched) {}
}
