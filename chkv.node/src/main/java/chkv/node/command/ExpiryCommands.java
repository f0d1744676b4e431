package chkv.node.command;

import static chkv.node.command.AclCategory.KEYSPACE;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.READONLY;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.ExpireCondition;
import java.util.List;

/** EXPIRE and its millisecond and absolute forms, TTL and its forms, PERSIST. */
final class ExpiryCommands {
    private ExpiryCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                write("expire", "Set a key's time to live in seconds").handler(c -> expire(c, true, true)),
                write("pexpire", "Set a key's time to live in milliseconds").since("2.6.0")
                        .handler(c -> expire(c, false, true)),
                write("expireat", "Set the expiration for a key as a UNIX timestamp").since("1.2.0")
                        .handler(c -> expire(c, true, false)),
                write("pexpireat", "Set the expiration for a key as a UNIX timestamp specified in milliseconds")
                        .since("2.6.0").handler(c -> expire(c, false, false)),
                read("ttl", "Get the time to live for a key in seconds").tips("nondeterministic_output")
                        .handler(c -> ttl(c, true)),
                read("pttl", "Get the time to live for a key in milliseconds").since("2.6.0")
                        .tips("nondeterministic_output").handler(c -> ttl(c, false)),
                read("expiretime", "Get the expiration Unix timestamp for a key").since("7.0.0")
                        .handler(c -> expireTime(c, true)),
                read("pexpiretime", "Get the expiration Unix timestamp for a key in milliseconds")
                        .since("7.0.0").handler(c -> expireTime(c, false)),
                CommandSpec.builder("persist", 2, "generic").acl(KEYSPACE).flags(WRITE, FAST)
                        .keys(1, 1, 1, "RW update").doc("Remove the expiration from a key", "2.2.0", "O(1)")
                        .handler(c -> Reply.integer(c.store().persist(c.arg(1)) ? 1 : 0)));
    }

    private static CommandSpec.Builder write(String name, String summary) {
        return CommandSpec.builder(name, -3, "generic").acl(KEYSPACE).flags(WRITE, FAST)
                .keys(1, 1, 1, "RW update").doc(summary, "1.0.0", "O(1)");
    }

    private static CommandSpec.Builder read(String name, String summary) {
        return CommandSpec.builder(name, 2, "generic").acl(KEYSPACE).flags(READONLY, FAST)
                .keys(1, 1, 1, "RO access").doc(summary, "1.0.0", "O(1)");
    }

    /** Redis's expireGenericCommand: options first, then the time, then the overflow checks. */
    private static Reply expire(Call c, boolean seconds, boolean relative) {
        ExpireCondition condition = condition(c);
        long when = c.integer(2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw c.invalidExpireTime();
            }
            when *= 1000;
        }
        long base = relative ? c.server().clock().millis() : 0;
        if (when > Long.MAX_VALUE - base) {
            throw c.invalidExpireTime();
        }
        return Reply.integer(c.store().expireAt(c.arg(1), when + base, condition) ? 1 : 0);
    }

    private static ExpireCondition condition(Call c) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int j = 3; j < c.argc(); j++) {
            if (c.is(j, "nx")) {
                nx = true;
            } else if (c.is(j, "xx")) {
                xx = true;
            } else if (c.is(j, "gt")) {
                gt = true;
            } else if (c.is(j, "lt")) {
                lt = true;
            } else {
                throw new RedisException("ERR Unsupported option " + c.text(j));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new RedisException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new RedisException("ERR GT and LT options at the same time are not compatible");
        }
        return nx || xx || gt || lt ? new ExpireCondition(nx, xx, gt, lt) : ExpireCondition.ALWAYS;
    }

    private static Reply ttl(Call c, boolean seconds) {
        long ms = c.store().pttl(c.arg(1));
        c.server().stats().lookup(ms != -2);
        return Reply.integer(ms < 0 || !seconds ? ms : roundToSeconds(ms));
    }

    private static Reply expireTime(Call c, boolean seconds) {
        long at = c.store().expireTime(c.arg(1));
        c.server().stats().lookup(at != -2);
        return Reply.integer(at < 0 || !seconds ? at : roundToSeconds(at));
    }

    /** Redis's (ms + 500) / 1000 for TTL and EXPIRETIME, without overflowing near 2^63. */
    static long roundToSeconds(long ms) {
        return ms / 1000 + (ms % 1000 >= 500 ? 1 : 0);
    }
}
