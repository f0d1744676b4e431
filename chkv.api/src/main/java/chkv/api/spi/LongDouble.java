package chkv.api.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact emulation of C's x86-64 {@code long double} (x87 80-bit extended precision), which
 * Redis uses for {@code INCRBYFLOAT}: a 64-bit significand, subnormals down to 2^-16445, and
 * values from 2^16384 on overflowing to infinity. Every result is rounded to nearest, ties to
 * even, as the FPU and glibc's {@code strtold} do, so replies come out byte-identical.
 */
final class LongDouble {
    /** Bits in the significand, counting the explicit integer bit. */
    private static final int PRECISION = 64;
    /** Weight of the least significant bit of every subnormal (and of the smallest normals). */
    static final int MIN_EXPONENT = -16445;
    /** Values at or beyond 2^this overflow. */
    static final int OVERFLOW_EXPONENT = 16384;

    /** Zero; its sign never shows, as Redis prints "-0" as "0". */
    static final LongDouble ZERO = new LongDouble(BigInteger.ZERO, 0);
    /** Either infinity (or NaN): every non-finite value makes INCRBYFLOAT fail the same way. */
    static final LongDouble INFINITY = new LongDouble(null, 0);

    /** Signed, with |significand| < 2^64; {@code null} for a non-finite value. */
    private final BigInteger significand;
    /** The value is {@code significand * 2^exponent}. */
    private final int exponent;

    private LongDouble(BigInteger significand, int exponent) {
        this.significand = significand;
        this.exponent = exponent;
    }

    boolean isFinite() {
        return significand != null;
    }

    boolean isZero() {
        return significand != null && significand.signum() == 0;
    }

    /**
     * Rounds the exact value {@code numerator / denominator * 2^exponent} to the nearest long
     * double, as strtold and the FPU do.
     *
     * @param numerator signed
     * @param denominator positive
     * @return the rounded value, {@link #ZERO} on underflow, {@link #INFINITY} on overflow
     */
    static LongDouble round(BigInteger numerator, BigInteger denominator, long exponent) {
        if (numerator.signum() == 0) {
            return ZERO;
        }
        BigInteger n = numerator.abs();
        // floor(log2(n / denominator)) is either this or one less
        long top = n.bitLength() - denominator.bitLength();
        if (compareScaled(n, denominator, top) < 0) {
            top--;
        }
        top += exponent;
        // below the normal range the precision shrinks: the last bit stays at 2^MIN_EXPONENT
        long lsb = Math.max(top - (PRECISION - 1), MIN_EXPONENT);
        long shift = lsb - exponent;
        BigInteger dividend = shift < 0 ? n.shiftLeft((int) -shift) : n;
        BigInteger divisor = shift > 0 ? denominator.shiftLeft((int) shift) : denominator;
        BigInteger[] qr = dividend.divideAndRemainder(divisor);
        BigInteger q = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || half == 0 && q.testBit(0)) {
            q = q.add(BigInteger.ONE);
        }
        if (q.bitLength() > PRECISION) { // rounded up to 2^64: renormalize, exactly
            q = q.shiftRight(1);
            lsb++;
        }
        if (q.signum() == 0) {
            return ZERO;
        }
        if (lsb + q.bitLength() > OVERFLOW_EXPONENT) {
            return INFINITY;
        }
        return new LongDouble(numerator.signum() < 0 ? q.negate() : q, (int) lsb);
    }

    /** Rounds {@code mantissa * 2^power}, deciding far-out-of-range powers without big numbers. */
    static LongDouble fromBinary(BigInteger mantissa, long power) {
        long magnitude = mantissa.bitLength() + power; // the value is below 2^magnitude
        if (magnitude > OVERFLOW_EXPONENT + 1) {
            return INFINITY;
        }
        if (magnitude < MIN_EXPONENT - 2) {
            return ZERO;
        }
        return round(mantissa, BigInteger.ONE, power);
    }

    /** Rounds {@code mantissa * 10^power}, as {@code mantissa * 5^power * 2^power}. */
    static LongDouble fromDecimal(BigInteger mantissa, long power) {
        long magnitude = mantissa.abs().toString().length() + power; // below 10^magnitude
        if (magnitude > 4934) { // the largest long double is about 1.19e4932
            return INFINITY;
        }
        if (magnitude < -4952) { // half the smallest subnormal is about 1.8e-4951
            return ZERO;
        }
        BigInteger five = BigInteger.valueOf(5);
        return power >= 0
                ? round(mantissa.multiply(five.pow((int) power)), BigInteger.ONE, power)
                : round(mantissa, five.pow((int) -power), power);
    }

    /** Compares {@code a} with {@code b * 2^shift} without fractions. */
    private static int compareScaled(BigInteger a, BigInteger b, long shift) {
        return shift >= 0 ? a.compareTo(b.shiftLeft((int) shift)) : a.shiftLeft((int) -shift).compareTo(b);
    }

    /**
     * The C sum {@code this + other} in long double: exact, then rounded once.
     *
     * @return the sum, or {@link #INFINITY} when either operand is not finite or the sum overflows
     */
    LongDouble plus(LongDouble other) {
        if (!isFinite() || !other.isFinite()) {
            return INFINITY;
        }
        int low = Math.min(exponent, other.exponent);
        BigInteger sum = significand.shiftLeft(exponent - low).add(other.significand.shiftLeft(other.exponent - low));
        return round(sum, BigInteger.ONE, low);
    }

    /** @return the exact decimal value; only for finite values */
    BigDecimal toBigDecimal() {
        if (exponent >= 0) {
            return new BigDecimal(significand.shiftLeft(exponent));
        }
        // 2^-n is exactly 5^n / 10^n, so the conversion loses nothing
        return new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
    }

    /**
     * Redis's ld2string(LD_STR_HUMAN): glibc's "%.17Lf" (the exact value, correctly rounded,
     * ties to even), then trailing zeros and a trailing point removed, and "-0" made "0".
     * BigDecimal has no negative zero, so the last step comes for free.
     */
    String formatHuman() {
        String text = toBigDecimal().setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public String toString() {
        return isFinite() ? significand + "*2^" + exponent : "inf";
    }
}
