package chkv.node.command;

import static chkv.node.command.AclCategory.DANGEROUS;
import static chkv.node.command.AclCategory.KEYSPACE;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.READONLY;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Store;
import java.util.List;

/** Commands on keys regardless of their values: DEL, EXISTS, TOUCH, TYPE, KEYS, SCAN, DBSIZE, FLUSH*. */
final class KeyspaceCommands {
    private KeyspaceCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                cmd("del", -2, "Delete a key").flags(WRITE).keys(1, -1, 1, "RM delete")
                        .tips("request_policy:multi_shard", "response_policy:agg_sum")
                        .handler(KeyspaceCommands::delete),
                cmd("unlink", -2, "Delete a key asynchronously in another thread").since("4.0.0")
                        .flags(WRITE, FAST).keys(1, -1, 1, "RM delete")
                        .tips("request_policy:multi_shard", "response_policy:agg_sum")
                        .handler(KeyspaceCommands::delete),
                cmd("exists", -2, "Determine if a key exists").flags(READONLY, FAST).keys(1, -1, 1, "RO")
                        .tips("request_policy:multi_shard", "response_policy:agg_sum")
                        .handler(KeyspaceCommands::exists),
                cmd("touch", -2, "Alters the last access time of a key(s). Returns the number of existing keys "
                        + "specified.").since("3.2.1").flags(READONLY, FAST).keys(1, -1, 1, "RO")
                        .complexity("O(N) where N is the number of keys that will be touched.")
                        .tips("request_policy:multi_shard", "response_policy:agg_sum")
                        .handler(KeyspaceCommands::exists),
                cmd("type", 2, "Determine the type stored at key").flags(READONLY, FAST).keys(1, 1, 1, "RO")
                        .handler(KeyspaceCommands::type),
                cmd("keys", 2, "Find all keys matching the given pattern").flags(READONLY).acl(DANGEROUS)
                        .complexity("O(N) with N being the number of keys in the database")
                        .tips("request_policy:all_shards", "nondeterministic_output_order")
                        .handler(c -> Reply.bulks(c.store().keys(c.arg(1)))),
                cmd("scan", -2, "Incrementally iterate the keys space").since("2.8.0").flags(READONLY)
                        .complexity("O(1) for every call. O(N) for a complete iteration.")
                        .tips("nondeterministic_output", "request_policy:special")
                        .handler(KeyspaceCommands::scan),
                cmd("randomkey", 1, "Return a random key from the keyspace").flags(READONLY)
                        .tips("request_policy:all_shards", "nondeterministic_output")
                        .handler(KeyspaceCommands::randomKey),
                cmd("dbsize", 1, "Return the number of keys in the selected database").flags(READONLY, FAST)
                        .tips("request_policy:all_shards", "response_policy:agg_sum")
                        .handler(c -> Reply.integer(c.store().size())),
                cmd("flushall", -1, "Remove all keys from all databases").flags(WRITE).acl(DANGEROUS)
                        .tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .complexity("O(N) where N is the total number of keys in all databases")
                        .handler(KeyspaceCommands::flush),
                cmd("flushdb", -1, "Remove all keys from the current database").flags(WRITE).acl(DANGEROUS)
                        .tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .complexity("O(N) where N is the number of keys in the selected database")
                        .handler(KeyspaceCommands::flush));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary) {
        return CommandSpec.builder(name, arity, "generic").acl(KEYSPACE).doc(summary, "1.0.0", "O(1)");
    }

    private static Reply delete(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            n += c.store().delete(c.arg(i)) ? 1 : 0;
        }
        return Reply.integer(n);
    }

    /** Counts a key as often as it is named, as Redis does; TOUCH too (no LRU clock to update here). */
    private static Reply exists(Call c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            boolean found = c.store().exists(c.arg(i));
            c.server().stats().lookup(found);
            n += found ? 1 : 0;
        }
        return Reply.integer(n);
    }

    private static Reply type(Call c) {
        boolean found = c.store().exists(c.arg(1));
        c.server().stats().lookup(found);
        return new Reply.Simple(found ? "string" : "none");
    }

    private static Reply scan(Call c) {
        long cursor = parseCursor(c.arg(1));
        byte[] pattern = null;
        long count = 10;
        boolean strings = true;
        for (int i = 2; i < c.argc(); i += 2) {
            boolean hasValue = i + 1 < c.argc();
            if (hasValue && c.is(i, "count")) {
                count = c.integer(i + 1);
                if (count < 1) {
                    throw new RedisException(Call.SYNTAX_ERROR);
                }
            } else if (hasValue && c.is(i, "match")) {
                pattern = c.arg(i + 1);
            } else if (hasValue && c.is(i, "type")) {
                // every value is a string, so the filter keeps all keys or none (Redis 7.0
                // silently filters out everything for an unknown type name)
                strings = c.is(i + 1, "string");
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
        }
        Store.ScanPage page = c.store().scan(cursor, pattern, (int) Math.min(count, Integer.MAX_VALUE));
        return new Reply.Array(List.of(Reply.bulk(Long.toUnsignedString(page.cursor())),
                strings ? Reply.bulks(page.keys()) : Reply.EMPTY_ARRAY));
    }

    /**
     * Redis's parseScanCursorOrReply: strtoul of the whole argument, so an optional sign, no
     * leading space, and a negative number wraps around as an unsigned 64-bit value.
     */
    static long parseCursor(byte[] s) {
        int i = 0;
        boolean negative = false;
        if (s.length > 0 && (s[0] == '+' || s[0] == '-')) {
            negative = s[0] == '-';
            i++;
        }
        if (i == s.length && s.length > 0) {
            throw new RedisException("ERR invalid cursor");
        }
        long value = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw new RedisException("ERR invalid cursor");
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /** About uniform, as Redis's fair random key: see {@link Store#randomKey()}. */
    private static Reply randomKey(Call c) {
        return Reply.bulk(c.store().randomKey());
    }

    private static Reply flush(Call c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "async") && !c.is(1, "sync"))) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        Store store = c.store();
        String refused = c.server().router().flush(store, store::clear);
        if (refused != null) {
            throw new RedisException(refused);
        }
        c.server().stats().noTtls();
        return Reply.OK;
    }
}
