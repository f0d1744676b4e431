package chkv.node.command;

import chkv.api.RedisException;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;

/**
 * One invocation: the arguments, the connection they came on and the server they run against,
 * with the argument parsing every command shares.
 */
public final class Call {
    /** Redis's {@code syntax error} reply text. */
    public static final String SYNTAX_ERROR = "ERR syntax error";

    private final ServerState server;
    private final CommandTable table;
    private final ClientState client;
    private final CommandSpec spec;
    private final byte[][] args;
    private final Store store;
    private final Dispatcher dispatcher;

    Call(ServerState server, CommandTable table, ClientState client, CommandSpec spec, byte[][] args,
            Store store, Dispatcher dispatcher) {
        this.server = server;
        this.table = table;
        this.client = client;
        this.spec = spec;
        this.args = args;
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** @return the server */
    public ServerState server() {
        return server;
    }

    /** @return the commands the server knows */
    public CommandTable table() {
        return table;
    }

    /** @return the store, as this command may use it (watched keys it changes are signalled) */
    public Store store() {
        return store;
    }

    /** @return what runs the commands, for EXEC */
    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** @return the calling connection's state */
    public ClientState client() {
        return client;
    }

    /** @return the calling connection */
    public Transport.Session session() {
        return client.session();
    }

    /** @return the command being run */
    public CommandSpec spec() {
        return spec;
    }

    /** @return the number of arguments, the command name included */
    public int argc() {
        return args.length;
    }

    /** @return argument {@code i} (0 is the command name) */
    public byte[] arg(int i) {
        return args[i];
    }

    /** @return argument {@code i} as Latin-1 text, which keeps every byte */
    public String text(int i) {
        return new String(args[i], StandardCharsets.ISO_8859_1);
    }

    /** @return whether argument {@code i} is {@code token}, ignoring ASCII case */
    public boolean is(int i, String token) {
        return is(args[i], token);
    }

    /** @return whether {@code a} is {@code token}, ignoring ASCII case */
    static boolean is(byte[] a, String token) {
        if (a.length != token.length()) {
            return false;
        }
        for (int j = 0; j < a.length; j++) {
            int c = a[j];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != Character.toLowerCase(token.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return argument {@code i} as a 64-bit integer, parsed as Redis's {@code string2ll}
     * @throws RedisException {@link RedisException#NOT_AN_INTEGER} when it is not one
     */
    public long integer(int i) {
        return parseLong(args[i], RedisException.NOT_AN_INTEGER);
    }

    /**
     * Redis's {@code string2ll}: an optional '-', no '+', no leading zeros or spaces.
     *
     * @param error the error text when {@code s} is not an integer
     */
    static long parseLong(byte[] s, String error) {
        int n = s.length;
        if (n == 0 || n > 20) {
            throw new RedisException(error);
        }
        if (n == 1 && s[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i++;
        }
        if (i >= n || s[i] < '1' || s[i] > '9') {
            throw new RedisException(error);
        }
        long value = 0; // accumulated negatively so Long.MIN_VALUE parses
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                throw new RedisException(error);
            }
            value = value * 10 - d;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new RedisException(error);
            }
            value = -value;
        }
        return value;
    }

    /** @return {@code ERR invalid expire time in '<command>' command} */
    RedisException invalidExpireTime() {
        return new RedisException("ERR invalid expire time in '" + spec.name() + "' command");
    }

    /** Counts a keyspace hit or miss, as Redis's read lookups do. */
    <T> T looked(T value) {
        server.stats().lookup(value != null);
        return value;
    }
}
