package chkv.api.spi;

import chkv.api.RedisException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The string commands' semantics, shared by every {@link Store} through its default methods. */
final class StringOps {
    private StringOps() {}

    static Store.SetResult set(Store.Entry current, Store.Edit edit, byte[] value, SetOptions options) {
        byte[] previous = options.returnPrevious() && current != null ? current.value() : null;
        boolean blocked = switch (options.condition()) {
            case NONE -> false;
            case NX -> current != null;
            case XX -> current == null;
        };
        if (blocked) {
            return new Store.SetResult(false, previous);
        }
        long expireAt = options.keepTtl() && current != null ? current.expireAt() : options.expireAt();
        edit.put(value, expireAt);
        return new Store.SetResult(true, previous);
    }

    static long incrBy(Store.Entry current, Store.Edit edit, long delta) {
        long old = current == null ? 0 : parseLong(current.value());
        long updated;
        try {
            updated = Math.addExact(old, delta);
        } catch (ArithmeticException e) {
            throw new RedisException(RedisException.OVERFLOW);
        }
        edit.put(ascii(Long.toString(updated)), current == null ? Store.NO_EXPIRY : current.expireAt());
        return updated;
    }

    /**
     * Redis's INCRBYFLOAT: both numbers parsed with strtold, added in long double, and the sum
     * printed with "%.17Lf", so every digit, including binary rounding noise, matches Redis.
     */
    static byte[] incrByFloat(Store.Entry current, Store.Edit edit, byte[] increment) {
        LongDouble old = current == null ? LongDouble.ZERO : parseLongDouble(current.value());
        LongDouble incr = parseLongDouble(increment);
        if (old == null || incr == null) {
            throw new RedisException(RedisException.NOT_A_FLOAT);
        }
        LongDouble sum = old.plus(incr);
        if (!sum.isFinite()) {
            throw new RedisException(RedisException.NAN_OR_INFINITY);
        }
        byte[] formatted = ascii(formatHuman(sum));
        edit.put(formatted, current == null ? Store.NO_EXPIRY : current.expireAt());
        return formatted;
    }

    static long append(Store.Entry current, Store.Edit edit, byte[] suffix) {
        if (current == null) {
            edit.put(suffix.clone(), Store.NO_EXPIRY);
            return suffix.length;
        }
        long total = (long) current.valueLength() + suffix.length;
        if (total > Store.MAX_STRING_LENGTH) {
            throw new RedisException(RedisException.STRING_TOO_LONG);
        }
        byte[] old = current.value();
        byte[] joined = Arrays.copyOf(old, (int) total);
        System.arraycopy(suffix, 0, joined, old.length, suffix.length);
        edit.put(joined, current.expireAt());
        return total;
    }

    static long setRange(Store.Entry current, Store.Edit edit, long offset, byte[] bytes) {
        if (offset < 0) {
            throw new RedisException("ERR offset is out of range");
        }
        if (bytes.length == 0) {
            return current == null ? 0 : current.valueLength();
        }
        if (offset > Store.MAX_STRING_LENGTH - bytes.length) { // not offset + length: it can overflow
            throw new RedisException(RedisException.STRING_TOO_LONG);
        }
        byte[] old = current == null ? new byte[0] : current.value();
        int length = (int) Math.max(old.length, offset + bytes.length);
        // value() is already a private copy: write into it unless the value grows, so a few
        // bytes set in a 512 MB value cost one copy of it, not two
        byte[] updated = length == old.length ? old : Arrays.copyOf(old, length);
        System.arraycopy(bytes, 0, updated, (int) offset, bytes.length);
        edit.put(updated, current == null ? Store.NO_EXPIRY : current.expireAt());
        return length;
    }

    /** GETRANGE over a live entry, or {@code null}: only the bytes of the range are copied. */
    static byte[] range(Store.Entry current, long start, long end) {
        long len = current == null ? 0 : current.valueLength();
        if (start < 0 && end < 0 && start > end) {
            return new byte[0];
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            return new byte[0];
        }
        return current.value((int) start, (int) end + 1);
    }

    /** Redis's string2ll: optional '-', no '+', no leading zeros or spaces, at most 20 chars. */
    static long parseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            throw new RedisException(RedisException.NOT_AN_INTEGER);
        }
        if (n == 1 && s[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i++;
        }
        if (i >= n || s[i] < '1' || s[i] > '9') {
            throw new RedisException(RedisException.NOT_AN_INTEGER);
        }
        long value = 0; // accumulated negatively so Long.MIN_VALUE parses
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                throw new RedisException(RedisException.NOT_AN_INTEGER);
            }
            value = value * 10 - d;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw new RedisException(RedisException.NOT_AN_INTEGER);
            }
            value = -value;
        }
        return value;
    }

    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses strings of this length or more. */
    private static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;
    /** Saturation for exponent digits; any larger exponent over- or underflows anyway. */
    private static final long EXPONENT_CAP = 1_000_000_000L;

    /**
     * Parses as Redis's string2ld: glibc's strtold over the whole string, with no leading
     * space, no NaN, and no range error (overflow, or a nonzero value rounding to zero).
     *
     * @return the value, {@link LongDouble#INFINITY} for "inf"/"infinity", or {@code null}
     *         when Redis would answer "value is not a valid float"
     */
    static LongDouble parseLongDouble(byte[] s) {
        if (s.length == 0 || s.length >= MAX_LONG_DOUBLE_CHARS) {
            return null;
        }
        String text = new String(s, StandardCharsets.ISO_8859_1);
        boolean negative = text.charAt(0) == '-';
        String body = negative || text.charAt(0) == '+' ? text.substring(1) : text;
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return LongDouble.INFINITY;
        }
        boolean hex = body.length() > 2 && body.charAt(0) == '0' && (body.charAt(1) | 0x20) == 'x';
        // "0x" followed by no digit parses as "0" and leaves garbage, which the digit scan rejects
        return parseNumber(hex ? body.substring(2) : body, hex ? 16 : 10, negative);
    }

    /**
     * Digits with at most one point (at least one digit), then an optional exponent: 'e' and
     * a power of ten for decimals, 'p' and a power of two for hexadecimals.
     */
    private static LongDouble parseNumber(String s, int radix, boolean negative) {
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        boolean point = false;
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.' && !point) {
                point = true;
            } else if (Character.digit(c, radix) >= 0 && c < 0x80) {
                digits.append(c);
                fractionDigits += point ? 1 : 0;
            } else {
                break;
            }
        }
        if (digits.isEmpty()) {
            return null;
        }
        long power = 0;
        if (i < s.length()) {
            char marker = (char) (s.charAt(i) | 0x20);
            if (marker != (radix == 16 ? 'p' : 'e') || (power = parseExponent(s, i + 1)) == Long.MIN_VALUE) {
                return null;
            }
        }
        BigInteger mantissa = new BigInteger(digits.toString(), radix);
        if (mantissa.signum() == 0) {
            return LongDouble.ZERO;
        }
        if (negative) {
            mantissa = mantissa.negate();
        }
        LongDouble value = radix == 16
                ? LongDouble.fromBinary(mantissa, power - 4L * fractionDigits)
                : LongDouble.fromDecimal(mantissa, power - fractionDigits);
        // strtold's ERANGE: overflow to HUGE_VAL, or underflow all the way to zero
        return value.isFinite() && !value.isZero() ? value : null;
    }

    /** @return the signed decimal exponent from {@code from} to the end, or MIN_VALUE if malformed */
    private static long parseExponent(String s, int from) {
        int i = from;
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        if (i == s.length()) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = Math.min(value * 10 + (c - '0'), EXPONENT_CAP);
        }
        return negative ? -value : value;
    }

    /** Redis's ld2string(LD_STR_HUMAN); see {@link LongDouble#formatHuman()}. */
    static String formatHuman(LongDouble value) {
        return value.formatHuman();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
