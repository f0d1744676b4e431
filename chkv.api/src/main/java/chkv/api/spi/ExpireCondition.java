package chkv.api.spi;

/**
 * The NX/XX/GT/LT options of Redis's {@code EXPIRE} family. A key without expiry counts as
 * expiring never (infinitely late), as in Redis: GT never applies to it, LT always does.
 *
 * @param nx only when the key has no expiry
 * @param xx only when the key has an expiry
 * @param gt only when the new expiry is later than the current one
 * @param lt only when the new expiry is earlier than the current one
 */
public record ExpireCondition(boolean nx, boolean xx, boolean gt, boolean lt) {

    /** No condition. */
    public static final ExpireCondition ALWAYS = new ExpireCondition(false, false, false, false);

    /**
     * @param current the key's expiry time, or {@link Store#NO_EXPIRY}
     * @param proposed the new expiry time
     * @return whether the condition lets the new expiry be set
     */
    public boolean allows(long current, long proposed) {
        boolean persistent = current == Store.NO_EXPIRY;
        if (nx && !persistent) {
            return false;
        }
        if (xx && persistent) {
            return false;
        }
        if (gt && (persistent || proposed <= current)) {
            return false;
        }
        return !(lt && !persistent && proposed >= current);
    }
}
