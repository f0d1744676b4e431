package chkv.api.spi;

import chkv.api.RedisException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The string commands' semantics, shared by every {@link Store} through its default methods. */
final class StringOps {
    private StringOps() {}

    /** Largest finite long double, beyond which Redis's strtold reports a range error. */
    private static final BigDecimal LONG_DOUBLE_MAX = new BigDecimal("1.18973149535723176502e4932");

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

    static byte[] incrByFloat(Store.Entry current, Store.Edit edit, byte[] increment) {
        BigDecimal old = current == null ? BigDecimal.ZERO : parseLongDouble(current.value());
        BigDecimal incr = parseLongDouble(increment);
        if (old == null || incr == null) {
            throw new RedisException(RedisException.NOT_A_FLOAT);
        }
        if (old == INFINITE || incr == INFINITE) {
            throw new RedisException(RedisException.NAN_OR_INFINITY);
        }
        BigDecimal sum = old.add(incr);
        if (sum.abs().compareTo(LONG_DOUBLE_MAX) > 0) {
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
        byte[] updated = Arrays.copyOf(old, length);
        System.arraycopy(bytes, 0, updated, (int) offset, bytes.length);
        edit.put(updated, current == null ? Store.NO_EXPIRY : current.expireAt());
        return length;
    }

    static byte[] range(byte[] value, long start, long end) {
        long len = value.length;
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
        return Arrays.copyOfRange(value, (int) start, (int) end + 1);
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

    /** Marks an infinite long double, which BigDecimal cannot hold. */
    private static final BigDecimal INFINITE = new BigDecimal("1e99999");

    /**
     * Parses as Redis's string2ld (strtold, whole string, no leading space, no NaN).
     *
     * @return the value, {@link #INFINITE} for an infinity, or {@code null} when invalid
     */
    static BigDecimal parseLongDouble(byte[] s) {
        if (s.length == 0 || s.length >= 5 * 1024 || Character.isWhitespace(s[0])) {
            return null;
        }
        String text = new String(s, StandardCharsets.ISO_8859_1);
        String unsigned = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return INFINITE;
        }
        if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
            BigDecimal hex = parseHexFloat(unsigned.substring(2));
            return hex == null || !text.startsWith("-") ? hex : hex.negate();
        }
        for (int i = 0; i < unsigned.length(); i++) {
            char c = unsigned.charAt(i);
            // BigDecimal accepts only digits, '.', exponents and signs; reject the rest early
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                return null;
            }
        }
        try {
            BigDecimal value = new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
            return value.abs().compareTo(LONG_DOUBLE_MAX) > 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Binary exponents beyond which a long double overflows, or underflows to zero. */
    private static final int MAX_BINARY_EXPONENT = 16384;
    private static final int MIN_BINARY_EXPONENT = -16445;

    /**
     * The part after {@code 0x} of a C hexadecimal float, as strtold reads it: hex digits with
     * at most one point, then optionally {@code p} and a decimal power of two.
     *
     * @return the value, or {@code null} when malformed, overflowing or underflowing to zero
     */
    private static BigDecimal parseHexFloat(String s) {
        int p = s.indexOf('p') >= 0 ? s.indexOf('p') : s.indexOf('P');
        String mantissa = p < 0 ? s : s.substring(0, p);
        int point = mantissa.indexOf('.');
        String digits = point < 0 ? mantissa : mantissa.substring(0, point) + mantissa.substring(point + 1);
        if (digits.isEmpty() || digits.length() > 4096 || mantissa.indexOf('.', point + 1) > 0
                || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        long exponent = 0;
        if (p >= 0) {
            String power = s.substring(p + 1);
            String unsignedPower = power.startsWith("-") || power.startsWith("+") ? power.substring(1) : power;
            if (unsignedPower.isEmpty() || unsignedPower.length() > 9
                    || !unsignedPower.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            exponent = Long.parseLong(power.startsWith("+") ? unsignedPower : power);
        }
        if (point >= 0) {
            exponent -= 4L * (mantissa.length() - point - 1);
        }
        BigInteger bits = new BigInteger(digits, 16);
        if (bits.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long magnitude = bits.bitLength() + exponent;
        if (magnitude > MAX_BINARY_EXPONENT || magnitude < MIN_BINARY_EXPONENT) {
            return null;
        }
        // 2^-n is exactly 5^n / 10^n, so the conversion loses nothing
        return exponent >= 0 ? new BigDecimal(bits.shiftLeft((int) exponent))
                : new BigDecimal(bits).multiply(BigDecimal.valueOf(5).pow((int) -exponent))
                        .scaleByPowerOfTen((int) exponent);
    }

    /** Redis's ld2string(LD_STR_HUMAN): "%.17Lf" with trailing zeros and a bare "-0" removed. */
    static String formatHuman(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (text.indexOf('.') >= 0) {
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
            text = text.substring(0, end);
        }
        return text.equals("-0") ? "0" : text;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
