package chkv.ring;

import chkv.api.HashRange;
import java.math.BigInteger;
import java.util.Collection;

/** How much of the ring ranges cover, exactly (the whole ring is 2^64). */
final class Widths {

    static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

    private Widths() {}

    static BigInteger of(HashRange range) {
        if (range.start() == range.end()) {
            return RING;
        }
        // unsigned difference modulo 2^64: right across the wrap point too
        return new BigInteger(Long.toUnsignedString(range.end() - range.start()));
    }

    static BigInteger of(Collection<HashRange> ranges) {
        return ranges.stream().map(Widths::of).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** @return the share of the ring the ranges cover */
    static double fraction(Collection<HashRange> ranges) {
        return of(ranges).doubleValue() / RING.doubleValue();
    }
}
