package chkv.api.spi;

/**
 * The options of Redis's {@code SET}, resolved: relative times (EX/PX) are already absolute.
 *
 * @param condition NX, XX or none
 * @param returnPrevious the GET option: report the value before the write
 * @param expireAt absolute expiry in ms for EX/PX/EXAT/PXAT, or {@link Store#NO_EXPIRY}
 * @param keepTtl the KEEPTTL option: an existing key keeps its expiry
 */
public record SetOptions(Condition condition, boolean returnPrevious, long expireAt, boolean keepTtl) {

    /** A plain {@code SET key value}. */
    public static final SetOptions PLAIN = new SetOptions(Condition.NONE, false, Store.NO_EXPIRY, false);

    /** Validates. */
    public SetOptions {
        if (keepTtl && expireAt != Store.NO_EXPIRY) {
            throw new IllegalArgumentException("KEEPTTL with an expiry (expected: one of them)");
        }
    }

    /** When {@code SET} writes. */
    public enum Condition {
        /** Always. */
        NONE,
        /** Only when the key does not exist. */
        NX,
        /** Only when the key exists. */
        XX
    }
}
