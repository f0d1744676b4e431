package chkv.store.support;

import chkv.api.RedisException;
import chkv.api.spi.Store;

/**
 * The sizing rules of APPEND and SETRANGE written in place: the length limit, and the spare room
 * a grown value gets, as Redis's sds gives it, so that building a value by appends copies each
 * byte a bounded number of times instead of once per append.
 */
public final class Strings {
    private Strings() {}

    /** Redis's SDS_MAX_PREALLOC: below it a grown value doubles, above it gains this much. */
    static final long MAX_PREALLOC = 1024 * 1024;

    /** {@link StoreSegment#writeLocked}'s offset that means "at the end of the value" ({@code APPEND}). */
    public static final long AT_END = -1;

    /**
     * @param length a value's length after a write
     * @throws RedisException {@link RedisException#STRING_TOO_LONG} over {@link Store#MAX_STRING_LENGTH}
     */
    public static void checkLength(long length) {
        if (length > Store.MAX_STRING_LENGTH) {
            throw new RedisException(RedisException.STRING_TOO_LONG);
        }
    }

    /** @return the room to give a value that must grow to {@code length}: sds's greedy rule, capped at the limit */
    public static long capacityFor(long length) {
        long room = length < MAX_PREALLOC ? length * 2 : length + MAX_PREALLOC;
        return Math.max(length, Math.min(room, Store.MAX_STRING_LENGTH));
    }
}
