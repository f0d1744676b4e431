package chkv.node.proxy;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** AUTH, HELLO, SELECT and CLIENT as the proxy answers them, in Redis's words. */
final class LocalCommands {
    private LocalCommands() {}

    /** The Redis version the proxy speaks, as the DataNodes report it. */
    static final String REDIS_VERSION = "7.0.15";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final String SYNTAX_ERROR = "ERR syntax error";

    static Reply auth(ProxySession client, String requirePass, byte[][] args) {
        if (args.length < 2) {
            return ProxyHandler.arity("auth");
        }
        if (args.length > 3) {
            throw new RedisException(SYNTAX_ERROR);
        }
        if (args.length == 2 && requirePass == null) {
            throw new RedisException("ERR AUTH <password> called without any password configured for "
                    + "the default user. Are you sure your configuration is correct?");
        }
        authenticate(client, requirePass, args.length == 2 ? "default" : text(args[1]), args[args.length - 1]);
        return Reply.OK;
    }

    /** Only Redis's default user exists; without a password it accepts any. */
    private static void authenticate(ProxySession client, String requirePass, String user, byte[] password) {
        boolean ok = user.equals("default") && (requirePass == null
                || java.security.MessageDigest.isEqual(requirePass.getBytes(StandardCharsets.UTF_8), password));
        if (!ok) {
            throw new RedisException(WRONGPASS);
        }
        client.authenticated(true);
    }

    static Reply hello(ProxySession client, String requirePass, byte[][] args) {
        int version = client.session().protocol();
        int j = 1;
        if (args.length >= 2) {
            long v;
            try {
                v = Long.parseLong(text(args[1]));
            } catch (NumberFormatException e) {
                throw new RedisException("ERR Protocol version is not an integer or out of range");
            }
            if (v < 2 || v > 3) {
                throw new RedisException("NOPROTO unsupported protocol version");
            }
            version = (int) v;
            j = 2;
        }
        String user = null;
        byte[] password = null;
        byte[] name = null;
        for (; j < args.length; j++) {
            int more = args.length - 1 - j;
            String option = text(args[j]).toLowerCase(Locale.ROOT);
            if (option.equals("auth") && more >= 2) {
                user = text(args[j + 1]);
                password = args[j + 2];
                j += 2;
            } else if (option.equals("setname") && more >= 1) {
                name = args[++j];
            } else {
                throw new RedisException("ERR Syntax error in HELLO option '" + text(args[j]) + "'");
            }
        }
        if (user != null) {
            authenticate(client, requirePass, user, password);
        }
        if (!client.authenticated()) {
            throw new RedisException("NOAUTH HELLO must be called with the client already authenticated, "
                    + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate "
                    + "the client and select the RESP protocol version at the same time");
        }
        if (name != null) {
            setName(client, name);
        }
        client.session().protocol(version); // HELLO's own reply goes out in the new protocol
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(REDIS_VERSION),
                Reply.bulk("proto"), Reply.integer(version),
                Reply.bulk("id"), Reply.integer(client.session().id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.EMPTY_ARRAY));
    }

    /** There is one database: 0. */
    static Reply select(byte[] index) {
        long n;
        try {
            n = Long.parseLong(text(index));
        } catch (NumberFormatException e) {
            throw new RedisException("ERR value is not an integer or out of range");
        }
        if (n != 0) {
            throw new RedisException("ERR DB index is out of range");
        }
        return Reply.OK;
    }

    static Reply client(ProxySession client, ProxyHandler proxy, byte[][] args) {
        String sub = text(args[1]).toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "id" -> args.length == 2 ? Reply.integer(client.session().id()) : arity("client|id");
            case "getname" -> args.length != 2 ? arity("client|getname")
                    : client.name() == null ? Reply.NULL_BULK : Reply.bulk(client.name());
            case "setname" -> {
                if (args.length != 3) {
                    yield arity("client|setname");
                }
                setName(client, args[2]);
                yield Reply.OK;
            }
            case "setinfo" -> args.length == 4 ? setInfo(client, args) : arity("client|setinfo");
            case "info" -> args.length == 2 ? new Reply.Verbatim(client.describe(proxy.nowMillis()))
                    : arity("client|info");
            case "list" -> {
                if (args.length != 2) {
                    throw new RedisException(SYNTAX_ERROR);
                }
                StringBuilder out = new StringBuilder();
                long now = proxy.nowMillis();
                proxy.sessions().stream().sorted(java.util.Comparator.comparingLong(s -> s.session().id()))
                        .forEach(s -> out.append(s.describe(now)));
                yield new Reply.Verbatim(out.toString());
            }
            default -> throw new RedisException("ERR unknown subcommand '" + text(args[1])
                    + "'. Try CLIENT HELP.");
        };
    }

    private static Reply arity(String name) {
        return ProxyHandler.arity(name);
    }

    /** Redis's clientSetName: an empty name clears it; only printable non-space ASCII is allowed. */
    private static void setName(ProxySession client, byte[] name) {
        if (!printable(name)) {
            throw new RedisException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        client.name(name.length == 0 ? null : new String(name, StandardCharsets.US_ASCII));
    }

    private static Reply setInfo(ProxySession client, byte[][] args) {
        String attribute = text(args[2]).toLowerCase(Locale.ROOT);
        if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
            throw new RedisException("ERR Unrecognized option '" + text(args[2]) + "'");
        }
        if (!printable(args[3])) {
            throw new RedisException("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
        }
        client.library(attribute, args[3].length == 0 ? null : text(args[3]));
        return Reply.OK;
    }

    private static boolean printable(byte[] s) {
        for (byte b : s) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
