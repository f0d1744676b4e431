package chkv.transport.netty;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a double as C's {@code printf("%.17g")} does with glibc, which is what Redis 7.0's
 * {@code addReplyDouble} sends; infinities are Redis's own {@code inf} and {@code -inf}.
 */
final class DoubleFormat {

    private static final int PRECISION = 17;
    /** glibc rounds the exact binary value half-to-even; BigDecimal(double) is exact too. */
    private static final MathContext ROUND = new MathContext(PRECISION, RoundingMode.HALF_EVEN);

    private DoubleFormat() {}

    /** @return the text Redis sends for {@code value} */
    static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        boolean negative = (Double.doubleToRawLongBits(value) & Long.MIN_VALUE) != 0;
        if (Double.isNaN(value)) {
            return negative ? "-nan" : "nan";
        }
        if (value == 0) {
            return negative ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).abs().round(ROUND);
        String digits = rounded.unscaledValue().toString();
        // The decimal exponent of the first digit, as %e would print it.
        int exponent = digits.length() - 1 - rounded.scale();
        digits = stripZeros(digits);
        StringBuilder out = new StringBuilder(24);
        if (negative) {
            out.append('-');
        }
        if (exponent < -4 || exponent >= PRECISION) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            out.append(magnitude);
        } else if (exponent < 0) {
            out.append("0.");
            out.repeat('0', -exponent - 1);
            out.append(digits);
        } else if (digits.length() <= exponent + 1) {
            out.append(digits);
            out.repeat('0', exponent + 1 - digits.length());
        } else {
            out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return out.toString();
    }

    /** %g drops trailing zeros of the fraction; zeros of the integer part are re-added by position. */
    private static String stripZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }
}
