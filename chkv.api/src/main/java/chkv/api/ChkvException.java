package chkv.api;

/**
 * Root of every exception CHKV throws. Messages read {@code what: actual (expected: ...)};
 * subtypes per boundary ({@link ConfigException}, {@link RedisException}).
 */
public class ChkvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public ChkvException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ChkvException(String message, Throwable cause) {
        super(message, cause);
    }
}
