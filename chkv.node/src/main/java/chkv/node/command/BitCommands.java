package chkv.node.command;

import static chkv.node.command.AclCategory.BITMAP;
import static chkv.node.command.Flag.DENYOOM;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.READONLY;
import static chkv.node.command.Flag.WRITE;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import java.util.Arrays;
import java.util.List;

/**
 * The bitmap commands on string values, as Redis 7.0's bitops.c: SETBIT, GETBIT, BITCOUNT,
 * BITPOS and BITOP. Bit 0 is the most significant bit of the first byte; a missing key is an
 * empty string, and bits past a value's end read as 0.
 */
final class BitCommands {
    private static final String BIT_ERROR = "ERR bit is not an integer or out of range";
    private static final String OFFSET_ERROR = "ERR bit offset is not an integer or out of range";

    private BitCommands() {}

    static List<CommandSpec> specs() {
        return List.of(
                cmd("setbit", 4, "Sets or clears the bit at offset in the string value stored at key", "2.2.0", "O(1)")
                        .flags(WRITE, DENYOOM).keys(1, 1, 1, "RW access update").handler(BitCommands::setBit),
                cmd("getbit", 3, "Returns the bit value at offset in the string value stored at key", "2.2.0", "O(1)")
                        .flags(READONLY, FAST).keys(1, 1, 1, "RO access").handler(BitCommands::getBit),
                cmd("bitcount", -2, "Count set bits in a string", "2.6.0", "O(N)")
                        .flags(READONLY).keys(1, 1, 1, "RO access").handler(BitCommands::bitCount),
                cmd("bitpos", -3, "Find first bit set or clear in a string", "2.8.7", "O(N)")
                        .flags(READONLY).keys(1, 1, 1, "RO access").handler(BitCommands::bitPos),
                cmd("bitop", -4, "Perform bitwise operations between strings", "2.6.0", "O(N)")
                        .flags(WRITE, DENYOOM).keys(2, -1, 1,
                                new CommandSpec.KeySpec(2, 0, 1, List.of("OW", "update"), null),
                                new CommandSpec.KeySpec(3, -1, 1, List.of("RO", "access"), null))
                        .handler(BitCommands::bitOp));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary, String since, String complexity) {
        return CommandSpec.builder(name, arity, "bitmap").acl(BITMAP).doc(summary, since, complexity);
    }

    /** Redis's getBitOffsetFromArgument: 0 up to the last bit of a 512 MB string. */
    private static long offset(Call c, int arg) {
        long offset = Call.parseLong(c.arg(arg), OFFSET_ERROR);
        if (offset < 0 || (offset >>> 3) >= Store.MAX_STRING_LENGTH) {
            throw new RedisException(OFFSET_ERROR);
        }
        return offset;
    }

    private static Reply setBit(Call c) {
        long offset = offset(c, 2);
        long on = Call.parseLong(c.arg(3), BIT_ERROR);
        if ((on & ~1L) != 0) {
            throw new RedisException(BIT_ERROR);
        }
        int index = (int) (offset >>> 3);
        int shift = 7 - (int) (offset & 7);
        int previous = c.store().update(c.arg(1), (current, edit) -> {
            // value() is a private copy: set the bit in it, growing it with zeros when needed
            byte[] value = current == null ? new byte[0] : current.value();
            boolean grown = value.length <= index;
            if (grown) {
                value = Arrays.copyOf(value, index + 1);
            }
            int bit = (value[index] >> shift) & 1;
            if (grown || bit != on) {
                value[index] = (byte) ((value[index] & ~(1 << shift)) | (on << shift));
                edit.put(value, current == null ? Store.NO_EXPIRY : current.expireAt());
            }
            return bit;
        });
        return Reply.integer(previous);
    }

    private static Reply getBit(Call c) {
        long offset = offset(c, 2);
        int index = (int) (offset >>> 3);
        Integer bit = c.store().read(c.arg(1), current -> current == null ? null
                : index < current.valueLength() ? (current.value(index, index + 1)[0] >> (7 - (offset & 7))) & 1 : 0);
        return Reply.integer(c.looked(bit) == null ? 0 : bit);
    }

    /** @return the value at the key argument, or {@code null}, counted as a keyspace hit or miss */
    private static byte[] value(Call c, int arg) {
        return c.looked(c.store().read(c.arg(arg), current -> current == null ? null : current.value()));
    }

    private static Reply bitCount(Call c) {
        byte[] p = value(c, 1);
        if (p == null) {
            return Reply.integer(0);
        }
        Range r;
        if (c.argc() == 4 || c.argc() == 5) {
            long start = c.integer(2);
            long end = c.integer(3);
            if (start < 0 && end < 0 && start > end) {
                return Reply.integer(0);
            }
            r = Range.of(start, end, unit(c, 4), p.length);
        } else if (c.argc() == 2) {
            r = Range.whole(p.length);
        } else {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        if (r.start() > r.end()) {
            return Reply.integer(0);
        }
        long count = 0;
        for (int i = r.start(); i <= r.end(); i++) {
            count += Integer.bitCount(p[i] & 0xff);
        }
        // the edge bytes' bits outside a BIT range were counted: take them off
        count -= Integer.bitCount(p[r.start()] & r.firstMask()) + Integer.bitCount(p[r.end()] & r.lastMask());
        return Reply.integer(count);
    }

    /**
     * The bytes a BITCOUNT or BITPOS range covers, as Redis converts it: negative indexes count
     * from the end, what is still negative becomes 0, the end stops at the last byte (or bit),
     * and a BIT range masks the bits of its edge bytes that lie outside it.
     *
     * @param start the first byte; 0 with an end of -1 for an empty range
     * @param end the last byte
     * @param firstMask the first byte's bits before the range
     * @param lastMask the last byte's bits after the range
     */
    private record Range(int start, int end, int firstMask, int lastMask) {
        static Range whole(int length) {
            return new Range(0, length - 1, 0, 0);
        }

        static Range of(long start, long end, boolean bits, int length) {
            long total = bits ? (long) length << 3 : length;
            start = Math.max(0, start < 0 ? total + start : start);
            end = Math.min(Math.max(0, end < 0 ? total + end : end), total - 1);
            if (start > end) {
                return new Range(0, -1, 0, 0);
            }
            if (!bits) {
                return new Range((int) start, (int) end, 0, 0);
            }
            return new Range((int) (start >> 3), (int) (end >> 3), ~((1 << (8 - (start & 7))) - 1) & 0xff,
                    (1 << (7 - (end & 7))) - 1);
        }
    }

    /** @return whether the optional BIT|BYTE argument at {@code arg} says BIT */
    private static boolean unit(Call c, int arg) {
        if (c.argc() <= arg || c.is(arg, "byte")) {
            return false;
        }
        if (c.is(arg, "bit")) {
            return true;
        }
        throw new RedisException(Call.SYNTAX_ERROR);
    }

    private static Reply bitPos(Call c) {
        long bit = c.integer(2);
        if (bit != 0 && bit != 1) {
            throw new RedisException("ERR The bit argument must be 1 or 0.");
        }
        byte[] p = value(c, 1);
        if (p == null) {
            return Reply.integer(bit == 1 ? -1 : 0); // an endless run of zeros
        }
        Range r;
        boolean endGiven = c.argc() >= 5;
        if (c.argc() >= 4 && c.argc() <= 6) {
            long start = c.integer(3);
            boolean bits = unit(c, 5);
            long end = endGiven ? c.integer(4) : bits ? ((long) p.length << 3) + 7 : p.length - 1;
            r = Range.of(start, end, bits, p.length);
        } else if (c.argc() == 3) {
            r = Range.whole(p.length);
        } else {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        if (r.start() > r.end()) {
            return Reply.integer(-1); // an empty range holds neither a 0 nor a 1
        }
        // the bits outside a BIT range are set to what is not looked for, so they never match
        byte[] range = Arrays.copyOfRange(p, r.start(), r.end() + 1);
        range[0] = (byte) (bit == 1 ? range[0] & ~r.firstMask() : range[0] | r.firstMask());
        int last = range.length - 1;
        range[last] = (byte) (bit == 1 ? range[last] & ~r.lastMask() : range[last] | r.lastMask());
        long pos = firstBit(range, (int) bit);
        if (endGiven && bit == 0 && pos == (long) range.length << 3) {
            return Reply.integer(-1); // with an explicit end, the zeros right of it do not count
        }
        return Reply.integer(pos == -1 ? -1 : pos + ((long) r.start() << 3));
    }

    /**
     * Redis's redisBitpos: the first bit equal to {@code bit}; the string is taken as padded
     * with zeros on the right, so a search for 0 in all ones finds the first bit past the end.
     */
    private static long firstBit(byte[] p, int bit) {
        int skip = bit == 1 ? 0 : 0xff;
        for (int i = 0; i < p.length; i++) {
            int b = p[i] & 0xff;
            if (b != skip) {
                for (int k = 0; k < 8; k++) {
                    if (((b >> (7 - k)) & 1) == bit) {
                        return ((long) i << 3) + k;
                    }
                }
            }
        }
        return bit == 1 ? -1 : (long) p.length << 3;
    }

    private static Reply bitOp(Call c) {
        int op;
        if (c.is(1, "and")) {
            op = 0;
        } else if (c.is(1, "or")) {
            op = 1;
        } else if (c.is(1, "xor")) {
            op = 2;
        } else if (c.is(1, "not")) {
            op = 3;
        } else {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        if (op == 3 && c.argc() != 4) {
            throw new RedisException("ERR BITOP NOT must be called with a single source key.");
        }
        int sources = c.argc() - 3;
        byte[][] src = new byte[sources][];
        int maxLength = 0;
        for (int j = 0; j < sources; j++) {
            byte[] v = value(c, j + 3);
            src[j] = v == null ? new byte[0] : v;
            maxLength = Math.max(maxLength, src[j].length);
        }
        byte[] target = c.arg(2);
        if (maxLength == 0) {
            c.store().delete(target);
            return Reply.integer(0);
        }
        byte[] result = new byte[maxLength];
        for (int i = 0; i < maxLength; i++) {
            int out = byteAt(src[0], i);
            if (op == 3) {
                out = ~out & 0xff;
            }
            for (int j = 1; j < sources; j++) {
                int b = byteAt(src[j], i);
                out = switch (op) {
                    case 0 -> out & b;
                    case 1 -> out | b;
                    default -> out ^ b;
                };
            }
            result[i] = (byte) out;
        }
        // as Redis's setKey: the result replaces the target, and with it any TTL it had
        c.store().set(target, result, new SetOptions(SetOptions.Condition.NONE, false, Store.NO_EXPIRY, false));
        return Reply.integer(maxLength);
    }

    private static int byteAt(byte[] value, int i) {
        return i < value.length ? value[i] & 0xff : 0;
    }
}
