package chkv.node.command;

import static chkv.node.command.AclCategory.STRING;
import static chkv.node.command.Flag.DENYOOM;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.READONLY;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.List;

/** The string commands: SET and its variants, GET and its variants, ranges and lengths. */
final class StringCommands {
    private StringCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                cmd("set", -3, "Set the string value of a key").flags(WRITE, DENYOOM)
                        .keys(1, 1, 1, "RW access update variable_flags")
                        .keyNotes("RW and ACCESS due to the optional `GET` argument").handler(StringCommands::set),
                cmd("get", 2, "Get the value of a key").flags(READONLY, FAST)
                        .keys(1, 1, 1, "RO access").handler(c -> Reply.bulk(c.looked(c.store().get(c.arg(1))))),
                cmd("getdel", 2, "Get the value of a key and delete the key").flags(WRITE, FAST)
                        .keys(1, 1, 1, "RW access delete").since("6.2.0")
                        .handler(c -> Reply.bulk(c.looked(c.store().getDel(c.arg(1))))),
                cmd("getex", -2, "Get the value of a key and optionally set its expiration")
                        .flags(WRITE, FAST).keys(1, 1, 1, "RW access update").since("6.2.0")
                        .keyNotes("RW and UPDATE because it changes the TTL")
                        .handler(StringCommands::getEx),
                cmd("getset", 3, "Set the string value of a key and return its old value")
                        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1, "RW access update")
                        .handler(c -> Reply.bulk(c.looked(c.store().set(c.arg(1), c.arg(2),
                                new SetOptions(SetOptions.Condition.NONE, true, Store.NO_EXPIRY, false))
                                .previous()))),
                cmd("setex", 4, "Set the value and expiration of a key").flags(WRITE, DENYOOM)
                        .keys(1, 1, 1, "OW update").handler(c -> setWithTtl(c, true)),
                cmd("psetex", 4, "Set the value and expiration in milliseconds of a key")
                        .flags(WRITE, DENYOOM).keys(1, 1, 1, "OW update").handler(c -> setWithTtl(c, false)),
                cmd("setnx", 3, "Set the value of a key, only if the key does not exist")
                        .flags(WRITE, DENYOOM, FAST).keys(1, 1, 1, "OW insert")
                        .handler(c -> Reply.integer(c.store().set(c.arg(1), c.arg(2),
                                new SetOptions(SetOptions.Condition.NX, false, Store.NO_EXPIRY, false))
                                .written() ? 1 : 0)),
                cmd("mset", -3, "Set multiple keys to multiple values").flags(WRITE, DENYOOM)
                        .keys(1, -1, 2, "OW update")
                        .tips("request_policy:multi_shard", "response_policy:all_succeeded")
                        .handler(StringCommands::mset),
                cmd("msetnx", -3, "Set multiple keys to multiple values, only if none of the keys exist")
                        .flags(WRITE, DENYOOM).keys(1, -1, 2, "OW insert")
                        .tips("request_policy:multi_shard", "response_policy:agg_min")
                        .handler(StringCommands::msetnx),
                cmd("mget", -2, "Get the values of all the given keys").flags(READONLY, FAST)
                        .keys(1, -1, 1, "RO access").tips("request_policy:multi_shard")
                        .handler(StringCommands::mget),
                cmd("append", 3, "Append a value to a key").flags(WRITE, DENYOOM, FAST)
                        .keys(1, 1, 1, "RW insert")
                        .handler(c -> Reply.integer(c.store().append(c.arg(1), c.arg(2)))),
                cmd("strlen", 2, "Get the length of the value stored in a key").flags(READONLY, FAST)
                        .keys(1, 1, 1, "RO").handler(c -> Reply.integer(c.store().strlen(c.arg(1)))),
                cmd("setrange", 4, "Overwrite part of a string at key starting at the specified offset")
                        .flags(WRITE, DENYOOM).keys(1, 1, 1, "RW update")
                        .handler(c -> Reply.integer(c.store().setRange(c.arg(1), c.integer(2), c.arg(3)))),
                cmd("getrange", 4, "Get a substring of the string stored at a key").flags(READONLY)
                        .keys(1, 1, 1, "RO access").handler(StringCommands::getRange),
                cmd("substr", 4, "Get a substring of the string stored at a key").flags(READONLY)
                        .keys(1, 1, 1, "RO access").handler(StringCommands::getRange));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary) {
        return CommandSpec.builder(name, arity, "string").acl(STRING).doc(summary, "1.0.0", "O(1)");
    }

    /** The expiry options of SET and GETEX, as Redis's parseExtendedStringArgumentsOrReply. */
    private record Options(SetOptions.Condition condition, boolean get, boolean keepTtl,
            boolean persist, String unit, int expireArg) {}

    private static Options parse(Call c, boolean forSet) {
        SetOptions.Condition cond = SetOptions.Condition.NONE;
        boolean get = false;
        boolean keepTtl = false;
        boolean persist = false;
        String unit = null;
        int expireArg = -1;
        for (int j = forSet ? 3 : 2; j < c.argc(); j++) {
            boolean hasNext = j + 1 < c.argc();
            if (forSet && c.is(j, "nx") && cond != SetOptions.Condition.XX) {
                cond = SetOptions.Condition.NX;
            } else if (forSet && c.is(j, "xx") && cond != SetOptions.Condition.NX) {
                cond = SetOptions.Condition.XX;
            } else if (forSet && c.is(j, "get")) {
                get = true;
            } else if (forSet && c.is(j, "keepttl") && unit == null) {
                keepTtl = true;
            } else if (!forSet && c.is(j, "persist") && unit == null) {
                persist = true;
            } else if (hasNext && !keepTtl && !persist && isUnit(c, j)
                    && (unit == null || c.is(j, unit))) {
                // repeating the same unit is allowed (the last one wins); mixing units is not
                unit = c.text(j).toLowerCase(java.util.Locale.ROOT);
                expireArg = ++j;
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
        }
        return new Options(cond, get, keepTtl, persist, unit, expireArg);
    }

    private static boolean isUnit(Call c, int j) {
        return c.is(j, "ex") || c.is(j, "px") || c.is(j, "exat") || c.is(j, "pxat");
    }

    /** Redis's getExpireMillisecondsOrReply: the absolute expiry in ms, validated. */
    static long expireAt(Call c, int arg, boolean seconds, boolean relative) {
        long when = c.integer(arg);
        if (when <= 0 || (seconds && when > Long.MAX_VALUE / 1000)) {
            throw c.invalidExpireTime();
        }
        if (seconds) {
            when *= 1000;
        }
        if (relative) {
            when += c.server().clock().millis(); // wraps negative on overflow, as in Redis
        }
        if (when <= 0) {
            throw c.invalidExpireTime();
        }
        return when;
    }

    private static long expireAt(Call c, Options o) {
        return expireAt(c, o.expireArg(), o.unit().startsWith("e"), o.unit().length() == 2);
    }

    private static Reply set(Call c) {
        Options o = parse(c, true);
        long expireAt = o.unit() == null ? Store.NO_EXPIRY : expireAt(c, o);
        Store.SetResult r = c.store().set(c.arg(1), c.arg(2),
                new SetOptions(o.condition(), o.get(), expireAt, o.keepTtl()));
        if (o.get()) {
            return Reply.bulk(c.looked(r.previous()));
        }
        return r.written() ? Reply.OK : Reply.NULL_BULK;
    }

    private static Reply getEx(Call c) {
        Options o = parse(c, false);
        // Redis looks the key up before validating the expiry: a missing key is a plain nil
        if (c.looked(c.store().get(c.arg(1))) == null) {
            return Reply.NULL_BULK;
        }
        long expireAt = o.persist() ? Store.NO_EXPIRY : o.unit() == null ? Store.KEEP_EXPIRY : expireAt(c, o);
        return Reply.bulk(c.store().getEx(c.arg(1), expireAt));
    }

    private static Reply setWithTtl(Call c, boolean seconds) {
        long expireAt = expireAt(c, 2, seconds, true);
        c.store().set(c.arg(1), c.arg(3), new SetOptions(SetOptions.Condition.NONE, false, expireAt, false));
        return Reply.OK;
    }

    private static void requirePairs(Call c) {
        if (c.argc() % 2 == 0) {
            throw new RedisException("ERR wrong number of arguments for '" + c.spec().name() + "' command");
        }
    }

    /** MSET and MSETNX: all keys in one step, as in Redis, whose clients never see half of one. */
    private static boolean setAll(Call c, boolean onlyIfNoneExist) {
        requirePairs(c);
        List<byte[]> keys = new ArrayList<>(c.argc() / 2);
        List<byte[]> values = new ArrayList<>(c.argc() / 2);
        for (int i = 1; i < c.argc(); i += 2) {
            keys.add(c.arg(i));
            values.add(c.arg(i + 1));
        }
        return c.store().setAll(keys, values, onlyIfNoneExist);
    }

    private static Reply mset(Call c) {
        setAll(c, false);
        return Reply.OK;
    }

    private static Reply msetnx(Call c) {
        return setAll(c, true) ? Reply.ONE : Reply.ZERO;
    }

    private static Reply mget(Call c) {
        List<byte[]> keys = new ArrayList<>(c.argc() - 1);
        for (int i = 1; i < c.argc(); i++) {
            keys.add(c.arg(i));
        }
        List<byte[]> values = c.store().getAll(keys);
        values.forEach(c::looked); // keyspace hits and misses
        return Reply.bulks(values);
    }

    private static Reply getRange(Call c) {
        long start = c.integer(2);
        long end = c.integer(3);
        return Reply.bulk(c.store().getRange(c.arg(1), start, end));
    }
}
