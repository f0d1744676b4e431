package chkv.node.command;

import static chkv.node.command.AclCategory.CONNECTION;
import static chkv.node.command.Flag.ALLOW_BUSY;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.NO_AUTH;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** PING, ECHO, QUIT, SELECT, AUTH, HELLO and RESET. */
final class ConnectionCommands {
    private ConnectionCommands() {}

    /** The Redis version CHKV speaks, as HELLO and INFO report it; clients pick features by it. */
    static final String REDIS_VERSION = "7.0.15";

    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

    static List<CommandSpec> specs() {
        return List.of(
                cmd("ping", -1, "Ping the server").flags(FAST)
                        .tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .handler(ConnectionCommands::ping),
                cmd("echo", 2, "Echo the given string").flags(LOADING, STALE, FAST)
                        .handler(c -> Reply.bulk(c.arg(1))),
                cmd("quit", -1, "Close the connection").flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .handler(c -> {
                            c.session().closeAfterReply();
                            return Reply.OK;
                        }),
                cmd("select", 2, "Change the selected database for the current connection")
                        .flags(LOADING, STALE, FAST).handler(ConnectionCommands::select),
                cmd("auth", -2, "Authenticate to the server")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .handler(ConnectionCommands::auth),
                cmd("hello", -1, "Handshake with Redis").since("6.0.0")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .handler(ConnectionCommands::hello),
                cmd("reset", 1, "Reset the connection").since("6.2.0")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY)
                        .handler(ConnectionCommands::reset));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary) {
        return CommandSpec.builder(name, arity, "connection").acl(CONNECTION).doc(summary, "1.0.0", "O(1)");
    }

    private static Reply ping(Call c) {
        if (c.argc() > 2) {
            throw new RedisException("ERR wrong number of arguments for 'ping' command");
        }
        return c.argc() == 1 ? Reply.PONG : Reply.bulk(c.arg(1));
    }

    /** There is one database: 0. */
    private static Reply select(Call c) {
        long index = c.integer(1);
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            throw new RedisException("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        if (index != 0) {
            throw new RedisException("ERR DB index is out of range");
        }
        return Reply.OK;
    }

    private static Reply auth(Call c) {
        if (c.argc() > 3) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        if (c.argc() == 2 && !c.server().requiresAuth()) {
            throw new RedisException("ERR AUTH <password> called without any password configured for "
                    + "the default user. Are you sure your configuration is correct?");
        }
        byte[] user = c.argc() == 2 ? DEFAULT_USER : c.arg(1);
        authenticate(c, user, c.arg(c.argc() - 1));
        return Reply.OK;
    }

    private static final byte[] DEFAULT_USER = "default".getBytes(StandardCharsets.US_ASCII);

    /** Only Redis's default user exists. */
    private static void authenticate(Call c, byte[] user, byte[] password) {
        if (!java.util.Arrays.equals(user, DEFAULT_USER) || !c.server().checkPassword(password)) {
            throw new RedisException(WRONGPASS);
        }
        c.client().authenticated(true);
    }

    /**
     * Back to a new connection's state, as Redis 7.0's RESET: no transaction, nothing watched, no
     * name, RESP2 (its own reply included), and the default user's authentication, which without a
     * password means authenticated.
     */
    private static Reply reset(Call c) {
        c.dispatcher().discard(c.client());
        c.client().reset(!c.server().requiresAuth());
        c.session().protocol(2);
        return RESET;
    }

    private static final Reply RESET = new Reply.Simple("RESET");

    private static Reply hello(Call c) {
        int version = c.session().protocol();
        int j = 1;
        if (c.argc() >= 2) {
            long v = Call.parseLong(c.arg(1), "ERR Protocol version is not an integer or out of range");
            if (v < 2 || v > 3) {
                throw new RedisException("NOPROTO unsupported protocol version");
            }
            version = (int) v;
            j = 2;
        }
        byte[] user = null;
        byte[] password = null;
        byte[] name = null;
        for (; j < c.argc(); j++) {
            int more = c.argc() - 1 - j;
            if (c.is(j, "auth") && more >= 2) {
                user = c.arg(j + 1);
                password = c.arg(j + 2);
                j += 2;
            } else if (c.is(j, "setname") && more >= 1) {
                name = c.arg(++j);
            } else {
                throw new RedisException("ERR Syntax error in HELLO option '" + c.text(j) + "'");
            }
        }
        if (user != null) {
            authenticate(c, user, password);
        }
        if (!c.client().authenticated()) {
            throw new RedisException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate "
                    + "the client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            ClientCommands.setName(c, name);
        }
        // switched before replying: Redis sends HELLO's own reply in the new protocol
        c.session().protocol(version);
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(REDIS_VERSION),
                Reply.bulk("proto"), Reply.integer(version),
                Reply.bulk("id"), Reply.integer(c.session().id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.EMPTY_ARRAY));
    }
}
