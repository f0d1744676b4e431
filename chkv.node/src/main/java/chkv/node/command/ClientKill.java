package chkv.node.command;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code CLIENT KILL ip:port} and {@code CLIENT KILL <filter> <value> ...} with Redis 7.0's
 * filters ID, ADDR, LADDR, TYPE, USER and SKIPME. Every CHKV client is of type normal and
 * authenticated as the default user.
 */
final class ClientKill {
    private ClientKill() {}

    static Reply kill(Call c) {
        String addr = null;
        String laddr = null;
        long id = 0;
        boolean normalType = true;
        boolean skipMe = true;
        if (c.argc() == 3) {
            addr = c.text(2);
            skipMe = false; // with the old form a client may kill itself
        } else {
            for (int i = 2; i < c.argc(); i += 2) {
                boolean more = i + 1 < c.argc();
                if (more && c.is(i, "id")) {
                    id = Call.parseLong(c.arg(i + 1), "ERR client-id should be greater than 0");
                    if (id < 1) {
                        throw new RedisException("ERR client-id should be greater than 0");
                    }
                } else if (more && c.is(i, "type")) {
                    String type = c.text(i + 1).toLowerCase(Locale.ROOT);
                    if (!Set.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                        throw new RedisException("ERR Unknown client type '" + c.text(i + 1) + "'");
                    }
                    normalType = type.equals("normal");
                } else if (more && c.is(i, "addr")) {
                    addr = c.text(i + 1);
                } else if (more && c.is(i, "laddr")) {
                    laddr = c.text(i + 1);
                } else if (more && c.is(i, "user")) {
                    if (!c.text(i + 1).equals("default")) { // ACL user names are case-sensitive
                        throw new RedisException("ERR No such user '" + c.text(i + 1) + "'");
                    }
                } else if (more && c.is(i, "skipme")) {
                    if (c.is(i + 1, "yes")) {
                        skipMe = true;
                    } else if (c.is(i + 1, "no")) {
                        skipMe = false;
                    } else {
                        throw new RedisException(Call.SYNTAX_ERROR);
                    }
                } else {
                    throw new RedisException(Call.SYNTAX_ERROR);
                }
            }
        }
        List<ClientState> victims = new ArrayList<>();
        for (ClientState client : c.server().clients()) {
            boolean self = client == c.client();
            if ((addr != null && !addr.equals(format(client.session().remoteAddress())))
                    || (laddr != null && !laddr.equals(format(client.session().localAddress())))
                    || !normalType || (id != 0 && client.session().id() != id) || (self && skipMe)) {
                continue;
            }
            victims.add(client);
        }
        for (ClientState victim : victims) {
            if (victim == c.client()) {
                c.session().closeAfterReply(); // after this reply, as Redis's CLIENT_CLOSE_AFTER_REPLY
            } else {
                victim.session().close();
            }
        }
        if (c.argc() == 3) {
            if (victims.isEmpty()) {
                throw new RedisException("ERR No such client");
            }
            return Reply.OK;
        }
        return Reply.integer(victims.size());
    }

    /** The address as CLIENT LIST prints it. */
    private static String format(InetSocketAddress a) {
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
