package chkv.node.command;

import static chkv.node.command.AclCategory.CONNECTION;
import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The CLIENT subcommands: ID, GETNAME, SETNAME, SETINFO, INFO, LIST, KILL and NO-EVICT. */
final class ClientCommands {
    private ClientCommands() {}

    static CommandSpec spec() {
        return CommandSpec.builder("client", -2, "connection")
                .doc("A container for client connection commands", "2.4.0", "Depends on subcommand.")
                .sub(sub("id", 2, "Returns the client ID for the current connection")
                        .handler(c -> Reply.integer(c.session().id())))
                .sub(sub("getname", 2, "Get the current connection name")
                        .handler(c -> c.client().name() == null ? Reply.NULL_BULK : Reply.bulk(c.client().name())))
                .sub(sub("setname", 3, "Set the current connection name").handler(c -> {
                    setName(c, c.arg(2));
                    return Reply.OK;
                }))
                // SETINFO is Redis 7.2's; clients of 7.2 send it at connect and ignore its errors
                .sub(sub("setinfo", 4, "Set client or connection specific info").since("7.2.0")
                        .handler(ClientCommands::setInfo))
                .sub(sub("info", 2, "Returns information about the current client connection.")
                        .since("6.2.0").tips("nondeterministic_output")
                        .handler(c -> new Reply.Verbatim(c.client().describe(c.server().clock().millis(), c.server().nanoTime()))))
                .sub(sub("list", -2, "Get the list of client connections").flags(ADMIN)
                        .tips("nondeterministic_output").handler(ClientCommands::list))
                .sub(sub("kill", -3, "Kill the connection of a client").since("2.4.0").flags(ADMIN)
                        .complexity("O(N) where N is the number of client connections").handler(ClientKill::kill))
                .sub(sub("no-evict", 3, "Set client eviction mode for the current connection").since("7.0.0")
                        .flags(ADMIN).handler(ClientCommands::noEvict))
                .sub(Help.spec("client", "connection", List.of(
                        "GETNAME",
                        "    Return the name of the current connection.",
                        "ID",
                        "    Return the ID of the current connection.",
                        "INFO",
                        "    Return information about the current client connection.",
                        "KILL <ip:port>",
                        "    Kill connection made from <ip:port>.",
                        "KILL <option> <value> [<option> <value> [...]]",
                        "    Kill connections. Options are:",
                        "    * ADDR (<ip:port>|<unixsocket>:0)",
                        "      Kill connections made from the specified address",
                        "    * LADDR (<ip:port>|<unixsocket>:0)",
                        "      Kill connections made to specified local address",
                        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                        "      Kill connections by type.",
                        "    * USER <username>",
                        "      Kill connections authenticated by <username>.",
                        "    * SKIPME (YES|NO)",
                        "      Skip killing current connection (default: yes).",
                        "LIST [options ...]",
                        "    Return information about client connections. Options:",
                        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                        "      Return clients of specified type.",
                        "SETINFO <option> <value>",
                        "    Set client meta attr. Options are:",
                        "    * LIB-NAME: the client lib name.",
                        "    * LIB-VER: the client lib version.",
                        "SETNAME <name>",
                        "    Assign the name <name> to the current connection.",
                        "NO-EVICT (ON|OFF)",
                        "    Protect current client connection from eviction."), CONNECTION))
                .container();
    }

    /** CHKV never evicts clients (it has no maxmemory-clients): the mode only shows as flag e in CLIENT LIST. */
    private static Reply noEvict(Call c) {
        if (!c.is(2, "on") && !c.is(2, "off")) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        c.client().noEvict(c.is(2, "on"));
        return Reply.OK;
    }

    static CommandSpec.Builder sub(String name, int arity, String summary) {
        return CommandSpec.builder("client|" + name, arity, "connection").acl(CONNECTION)
                .flags(NOSCRIPT, LOADING, STALE).doc(summary, "2.6.9", "O(1)");
    }

    /** Redis's clientSetName: an empty name clears it; only printable non-space ASCII is allowed. */
    static void setName(Call c, byte[] name) {
        if (!printable(name)) {
            throw new RedisException("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        c.client().name(name.length == 0 ? null : new String(name, StandardCharsets.US_ASCII));
    }

    private static boolean printable(byte[] s) {
        for (byte b : s) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static Reply setInfo(Call c) {
        String attribute;
        if (c.is(2, "lib-name")) {
            attribute = "lib-name";
        } else if (c.is(2, "lib-ver")) {
            attribute = "lib-ver";
        } else {
            throw new RedisException("ERR Unrecognized option '" + c.text(2) + "'");
        }
        if (!printable(c.arg(3))) {
            throw new RedisException("ERR " + attribute
                    + " cannot contain spaces, newlines or special characters.");
        }
        c.client().library(attribute, c.arg(3).length == 0 ? null : c.text(3));
        return Reply.OK;
    }

    /** {@code CLIENT LIST [TYPE type] [ID id ...]}: every connection is of type normal. */
    private static Reply list(Call c) {
        boolean all = true;
        Set<Long> ids = null;
        if (c.argc() == 4 && c.is(2, "type")) {
            String type = c.text(3).toLowerCase(java.util.Locale.ROOT);
            if (!Set.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                throw new RedisException("ERR Unknown client type '" + c.text(3) + "'");
            }
            all = type.equals("normal");
        } else if (c.argc() > 3 && c.is(2, "id")) {
            ids = new HashSet<>();
            for (int i = 3; i < c.argc(); i++) {
                ids.add(Call.parseLong(c.arg(i), "ERR Invalid client ID"));
            }
        } else if (c.argc() != 2) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        long now = c.server().clock().millis();
        long nowNanos = c.server().nanoTime();
        StringBuilder out = new StringBuilder();
        if (all) {
            for (ClientState client : c.server().clients()) {
                if (ids == null || ids.contains(client.session().id())) {
                    out.append(client.describe(now, nowNanos));
                }
            }
        }
        return new Reply.Verbatim(out.toString());
    }

    static List<CommandSpec> specs() {
        return List.of(spec());
    }
}
