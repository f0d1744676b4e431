package chkv.node.command;

import static chkv.node.command.AclCategory.STRING;
import static chkv.node.command.Flag.DENYOOM;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.List;

/** INCR, DECR and their BY and BYFLOAT forms. */
final class CounterCommands {
    private CounterCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                cmd("incr", 2, "Increment the integer value of a key by one")
                        .handler(c -> incr(c, 1)),
                cmd("decr", 2, "Decrement the integer value of a key by one")
                        .handler(c -> incr(c, -1)),
                cmd("incrby", 3, "Increment the integer value of a key by the given amount")
                        .handler(c -> incr(c, c.integer(2))),
                cmd("decrby", 3, "Decrement the integer value of a key by the given number")
                        .handler(CounterCommands::decrBy),
                cmd("incrbyfloat", 3, "Increment the float value of a key by the given amount")
                        .since("2.6.0")
                        .handler(c -> Reply.bulk(c.store().incrByFloat(c.arg(1), c.arg(2)))));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary) {
        return CommandSpec.builder(name, arity, "string").acl(STRING).flags(WRITE, DENYOOM, FAST)
                .keys(1, 1, 1, "RW access update").doc(summary, "1.0.0", "O(1)");
    }

    private static Reply incr(Call c, long delta) {
        return Reply.integer(c.store().incrBy(c.arg(1), delta));
    }

    private static Reply decrBy(Call c) {
        long decrement = c.integer(2);
        if (decrement == Long.MIN_VALUE) {
            // its negation does not exist, so Redis refuses it before touching the key
            throw new RedisException("ERR decrement would overflow");
        }
        return incr(c, -decrement);
    }
}
