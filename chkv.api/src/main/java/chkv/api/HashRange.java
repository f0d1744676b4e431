package chkv.api;

/**
 * An arc of the 64-bit hash ring: the positions after {@code start} up to and including
 * {@code end}, in signed {@code long} order, wrapping past {@link Long#MAX_VALUE}. When
 * {@code start == end} the range is the whole ring.
 *
 * @param start exclusive lower bound
 * @param end inclusive upper bound
 */
public record HashRange(long start, long end) {

    /** The whole ring. */
    public static final HashRange FULL = new HashRange(Long.MIN_VALUE, Long.MIN_VALUE);

    /**
     * @param position a ring position
     * @return whether the position lies in this range
     */
    public boolean contains(long position) {
        if (start < end) {
            return position > start && position <= end;
        }
        // wraps (or is the full ring when start == end)
        return position > start || position <= end;
    }

    /** @return whether this range wraps past {@link Long#MAX_VALUE} or is the whole ring */
    public boolean wraps() {
        return start >= end;
    }
}
