package chkv.api;

/**
 * A failure a client sees as a Redis error reply. {@link #getMessage()} is the reply text
 * without the leading {@code -}, in Redis's own words, e.g.
 * {@code ERR value is not an integer or out of range}.
 */
public class RedisException extends ChkvException {
    private static final long serialVersionUID = 1L;

    /** Redis: {@code INCR} on a value that is not a 64-bit integer. */
    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    /** Redis: {@code INCRBY} whose result does not fit 64 bits. */
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    /** Redis: {@code INCRBYFLOAT} on a value that is not a number. */
    public static final String NOT_A_FLOAT = "ERR value is not a valid float";
    /** Redis: {@code INCRBYFLOAT} whose result is NaN or infinite. */
    public static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
    /** Redis: a write refused under {@code maxmemory} with nothing left to evict. */
    public static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";
    /** Redis: {@code SETRANGE}/{@code APPEND} past {@code proto-max-bulk-len}. */
    public static final String STRING_TOO_LONG =
            "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    /** @param redisError the error reply text without the leading {@code -} */
    public RedisException(String redisError) {
        super(redisError);
    }
}
