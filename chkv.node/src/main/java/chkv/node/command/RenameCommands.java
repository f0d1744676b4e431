package chkv.node.command;

import static chkv.node.command.AclCategory.KEYSPACE;
import static chkv.node.command.Flag.DENYOOM;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Store;
import java.util.Arrays;
import java.util.List;

/**
 * RENAME, RENAMENX and COPY: a value moves or is copied with its TTL. The store's atomic unit is
 * one key, so a rename takes the source away first and then writes the destination; the
 * dispatcher runs these commands on the exclusive side of its gate, so no other client's command
 * sees the moment between. (Background work that bypasses the gate, such as active expiry, may.)
 */
final class RenameCommands {
    private RenameCommands() {}

    /** Redis's {@code shared.nokeyerr}. */
    static final String NO_SUCH_KEY = "ERR no such key";

    static List<CommandSpec> specs() {
        return List.of(
                cmd("rename", "Rename a key", "1.0.0").flags(WRITE)
                        .keys(1, 2, 1, spec(1, "RW access delete"), spec(2, "OW update"))
                        .handler(c -> rename(c, false)),
                cmd("renamenx", "Rename a key, only if the new key does not exist", "1.0.0")
                        .flags(WRITE, FAST).keys(1, 2, 1, spec(1, "RW access delete"), spec(2, "OW insert"))
                        .handler(c -> rename(c, true)),
                CommandSpec.builder("copy", -3, "generic").acl(KEYSPACE)
                        .doc("Copy a key", "6.2.0", "O(N) worst case for collections, where N is the number of "
                                + "nested items. O(1) for string values.")
                        .flags(WRITE, DENYOOM).keys(1, 2, 1, spec(1, "RO access"), spec(2, "OW update"))
                        .handler(RenameCommands::copy));
    }

    /** The key specification of one key at {@code index}. */
    private static CommandSpec.KeySpec spec(int index, String flags) {
        return new CommandSpec.KeySpec(index, 0, 1, List.of(flags.split(" ")), null);
    }

    private static CommandSpec.Builder cmd(String name, String summary, String since) {
        return CommandSpec.builder(name, 3, "generic").acl(KEYSPACE).doc(summary, since, "O(1)");
    }

    /** A value and its expiry, taken out of the store. */
    private record Taken(byte[] value, long expireAt) {}

    private static Reply rename(Call c, boolean nx) {
        Store store = c.store();
        byte[] source = c.arg(1);
        byte[] target = c.arg(2);
        if (Arrays.equals(source, target)) {
            if (!store.exists(source)) {
                throw new RedisException(NO_SUCH_KEY);
            }
            return nx ? Reply.ZERO : Reply.OK;
        }
        // Redis looks the source up first: a missing source is an error even when the target exists
        if (nx && !store.exists(source)) {
            throw new RedisException(NO_SUCH_KEY);
        }
        if (nx && store.exists(target)) {
            return Reply.ZERO;
        }
        Taken taken = store.update(source, (current, edit) -> {
            if (current == null) {
                return null;
            }
            Taken t = new Taken(current.value(), current.expireAt());
            edit.delete();
            return t;
        });
        if (taken == null) {
            throw new RedisException(NO_SUCH_KEY);
        }
        boolean written = store.update(target, (current, edit) -> {
            if (nx && current != null) {
                return false;
            }
            edit.put(taken.value(), taken.expireAt());
            return true;
        });
        if (!written) {
            // another client created the target meanwhile: RENAMENX did nothing, so the source returns
            store.update(source, (current, edit) -> {
                if (current == null) {
                    edit.put(taken.value(), taken.expireAt());
                }
                return null;
            });
            return Reply.ZERO;
        }
        return nx ? Reply.ONE : Reply.OK;
    }

    /** {@code COPY source destination [DB destination-db] [REPLACE]}; CHKV has database 0 only. */
    private static Reply copy(Call c) {
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "replace")) {
                replace = true;
            } else if (c.is(i, "db") && i + 1 < c.argc()) {
                long db = c.integer(++i);
                if (db != 0) { // Redis's getIntFromObjectOrReply checks the int range first
                    if (db < Integer.MIN_VALUE || db > Integer.MAX_VALUE) {
                        throw new RedisException("ERR value is out of range, value must between -2147483648 and "
                                + "2147483647");
                    }
                    throw new RedisException("ERR DB index is out of range");
                }
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
        }
        byte[] source = c.arg(1);
        byte[] target = c.arg(2);
        if (Arrays.equals(source, target)) {
            throw new RedisException("ERR source and destination objects are the same");
        }
        Taken taken = c.looked(c.store().read(source,
                current -> current == null ? null : new Taken(current.value(), current.expireAt())));
        if (taken == null) {
            return Reply.ZERO;
        }
        boolean overwrite = replace;
        return c.store().update(target, (current, edit) -> {
            if (current != null && !overwrite) {
                return Reply.ZERO;
            }
            edit.put(taken.value(), taken.expireAt());
            return Reply.ONE;
        });
    }
}
