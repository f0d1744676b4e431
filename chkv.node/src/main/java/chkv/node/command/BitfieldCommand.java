package chkv.node.command;

import static chkv.node.command.AclCategory.BITMAP;
import static chkv.node.command.Flag.DENYOOM;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.READONLY;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO, as Redis 7.0's bitfieldGeneric: integers of 1 to 64 bits (unsigned
 * up to 63) at any bit offset of a string, read, set and incremented with WRAP, SAT or FAIL on
 * overflow. Every operation is parsed before any runs; the writes run under the key's lock.
 */
final class BitfieldCommand {
    private static final String TYPE_ERROR = "ERR Invalid bitfield type. Use something like i16 u8. "
            + "Note that u64 is not supported but i64 is.";
    private static final String OFFSET_ERROR = "ERR bit offset is not an integer or out of range";

    private enum Op { GET, SET, INCRBY }

    private enum Overflow { WRAP, SAT, FAIL }

    private record Field(Op op, boolean signed, int bits, long offset, long value, Overflow overflow) {}

    private BitfieldCommand() {}

    static List<CommandSpec> specs() {
        return List.of(
                CommandSpec.builder("bitfield", -2, "bitmap").acl(BITMAP)
                        .doc("Perform arbitrary bitfield integer operations on strings", "3.2.0",
                                "O(1) for each subcommand specified")
                        .flags(WRITE, DENYOOM).keys(1, 1, 1, "RW access update variable_flags")
                        .keyNotes("This command allows both access and modification of the key")
                        .handler(c -> bitfield(c, false)),
                CommandSpec.builder("bitfield_ro", -2, "bitmap").acl(BITMAP)
                        .doc("Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
                                "6.0.0", "O(1) for each subcommand specified")
                        .flags(READONLY, FAST).keys(1, 1, 1, "RO access").handler(c -> bitfield(c, true)));
    }

    private static Reply bitfield(Call c, boolean readOnlyCommand) {
        List<Field> fields = parse(c);
        boolean writes = fields.stream().anyMatch(f -> f.op() != Op.GET);
        if (!writes) {
            byte[] value = c.looked(c.store().read(c.arg(1), current -> current == null ? null : current.value()));
            List<Reply> replies = new ArrayList<>(fields.size());
            for (Field f : fields) {
                replies.add(Reply.integer(get(value == null ? new byte[0] : value, f)));
            }
            return new Reply.Array(replies);
        }
        if (readOnlyCommand) {
            throw new RedisException("ERR BITFIELD_RO only supports the GET subcommand");
        }
        long highest = 0;
        for (Field f : fields) {
            if (f.op() != Op.GET) {
                highest = Math.max(highest, f.offset() + f.bits() - 1);
            }
        }
        int length = (int) (highest >>> 3) + 1;
        return c.store().update(c.arg(1), (current, edit) -> {
            // as Redis's lookupStringForBitCommand: the string covers every field written, even
            // when an operation then fails on overflow
            byte[] old = current == null ? new byte[0] : current.value();
            boolean grown = old.length < length;
            byte[] value = grown ? Arrays.copyOf(old, length) : old;
            boolean changed = false;
            List<Reply> replies = new ArrayList<>(fields.size());
            for (Field f : fields) {
                if (f.op() == Op.GET) {
                    replies.add(Reply.integer(get(value, f)));
                    continue;
                }
                long previous = get(value, f);
                long[] result = f.op() == Op.INCRBY ? add(previous, f.value(), f) : add(f.value(), 0, f);
                if (result == null) {
                    replies.add(Reply.NULL_BULK); // FAIL on overflow: nothing written
                    continue;
                }
                replies.add(Reply.integer(f.op() == Op.INCRBY ? result[0] : previous));
                write(value, f, result[0]);
                changed |= result[0] != previous;
            }
            if (grown || changed) {
                edit.put(value, current == null ? Store.NO_EXPIRY : current.expireAt());
            }
            return new Reply.Array(replies);
        });
    }

    private static List<Field> parse(Call c) {
        List<Field> fields = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        for (int j = 2; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            Op op;
            if (c.is(j, "get") && left >= 2) {
                op = Op.GET;
            } else if (c.is(j, "set") && left >= 3) {
                op = Op.SET;
            } else if (c.is(j, "incrby") && left >= 3) {
                op = Op.INCRBY;
            } else if (c.is(j, "overflow") && left >= 1) {
                j++;
                if (c.is(j, "wrap")) {
                    overflow = Overflow.WRAP;
                } else if (c.is(j, "sat")) {
                    overflow = Overflow.SAT;
                } else if (c.is(j, "fail")) {
                    overflow = Overflow.FAIL;
                } else {
                    throw new RedisException("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
            byte[] type = c.arg(j + 1);
            if (type.length < 2 || (type[0] != 'i' && type[0] != 'u')) {
                throw new RedisException(TYPE_ERROR);
            }
            boolean signed = type[0] == 'i';
            long bits = Call.parseLong(Arrays.copyOfRange(type, 1, type.length), TYPE_ERROR);
            if (bits < 1 || bits > (signed ? 64 : 63)) {
                throw new RedisException(TYPE_ERROR);
            }
            long offset = offset(c.arg(j + 2), (int) bits);
            long value = op == Op.GET ? 0 : c.integer(j + 3);
            fields.add(new Field(op, signed, (int) bits, offset, value, overflow));
            j += op == Op.GET ? 2 : 3;
        }
        return fields;
    }

    /** Redis's getBitOffsetFromArgument with {@code #N}: the N-th field of this width. */
    private static long offset(byte[] arg, int bits) {
        boolean byField = arg.length > 0 && arg[0] == '#';
        long offset = Call.parseLong(byField ? Arrays.copyOfRange(arg, 1, arg.length) : arg, OFFSET_ERROR);
        if (byField) {
            offset = Math.multiplyHigh(offset, bits) != (offset * bits >> 63) ? -1 : offset * bits;
        }
        if (offset < 0 || (offset >>> 3) >= Store.MAX_STRING_LENGTH) {
            throw new RedisException(OFFSET_ERROR);
        }
        return offset;
    }

    /** A GET: bits past the end of the string read as 0. */
    private static long get(byte[] value, Field f) {
        long raw = 0;
        for (long i = f.offset(); i < f.offset() + f.bits(); i++) {
            int index = (int) (i >>> 3);
            int bit = index < value.length ? (value[index] >> (7 - (int) (i & 7))) & 1 : 0;
            raw = raw << 1 | bit;
        }
        return signExtend(raw, f);
    }

    private static long signExtend(long raw, Field f) {
        if (f.signed() && f.bits() < 64 && (raw & (1L << (f.bits() - 1))) != 0) {
            return raw | (-1L << f.bits());
        }
        return raw;
    }

    private static void write(byte[] value, Field f, long v) {
        for (int k = 0; k < f.bits(); k++) {
            long i = f.offset() + k;
            int bit = (int) (v >>> (f.bits() - 1 - k)) & 1;
            int index = (int) (i >>> 3);
            int shift = 7 - (int) (i & 7);
            value[index] = (byte) ((value[index] & ~(1 << shift)) | (bit << shift));
        }
    }

    /**
     * Redis's check(Un)signedBitfieldOverflow: {@code value + incr} in the field's range, wrapped
     * or saturated as the field says.
     *
     * @return the result, or {@code null} when it overflows under FAIL
     */
    private static long[] add(long value, long incr, Field f) {
        int overflow = f.signed() ? signedOverflow(value, incr, f.bits()) : unsignedOverflow(value, incr, f.bits());
        if (overflow == 0) {
            return new long[] {value + incr};
        }
        return switch (f.overflow()) {
            case FAIL -> null;
            case SAT -> new long[] {overflow > 0 ? max(f) : min(f)};
            case WRAP -> new long[] {wrap(value + incr, f)};
        };
    }

    private static int unsignedOverflow(long value, long incr, int bits) {
        long max = (1L << bits) - 1;
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            return 1;
        }
        return incr < 0 && incr < minIncr ? -1 : 0;
    }

    private static int signedOverflow(long value, long incr, int bits) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value; // may wrap, as in Redis: the conditions below allow for it
        long minIncr = min - value;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            return 1;
        }
        if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            return -1;
        }
        return 0;
    }

    private static long max(Field f) {
        return f.signed() ? (f.bits() == 64 ? Long.MAX_VALUE : (1L << (f.bits() - 1)) - 1) : (1L << f.bits()) - 1;
    }

    private static long min(Field f) {
        return f.signed() ? -max(f) - 1 : 0;
    }

    private static long wrap(long sum, Field f) {
        if (f.bits() == 64) {
            return sum;
        }
        long mask = -1L << f.bits();
        if (!f.signed()) {
            return sum & ~mask;
        }
        return (sum & (1L << (f.bits() - 1))) != 0 ? sum | mask : sum & ~mask;
    }
}
