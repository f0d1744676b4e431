package chkv.api.spi;

/**
 * What a RESP endpoint allows its client connections, as Redis's {@code maxclients},
 * {@code timeout} and {@code client-output-buffer-limit normal}. The output limits count reply
 * bytes a client has not taken yet; they are off by default, as in Redis, because the transport
 * stops reading from a client whose unsent replies pass its high water mark anyway.
 *
 * @param maxClients connections served at once; one more is answered Redis's
 *     {@code -ERR max number of clients reached} and closed
 * @param idleTimeoutMillis a connection that neither sent a command nor took a reply for this
 *     long is closed; 0 for never
 * @param outputHardBytes a connection whose unsent reply bytes pass this is closed at once; 0 for
 *     no limit
 * @param outputSoftBytes a connection whose unsent reply bytes stay above this for
 *     {@code outputSoftMillis} is closed; 0 for no limit
 * @param outputSoftMillis how long the soft limit may be exceeded
 */
public record ClientLimits(int maxClients, long idleTimeoutMillis, long outputHardBytes,
        long outputSoftBytes, long outputSoftMillis) {

    /** Redis's default {@code maxclients}. */
    public static final int DEFAULT_MAX_CLIENTS = 10_000;

    /** Redis's defaults: 10,000 clients, no idle timeout, no output limit. */
    public static final ClientLimits DEFAULTS = new ClientLimits(DEFAULT_MAX_CLIENTS, 0, 0, 0, 0);

    /** Validates. */
    public ClientLimits {
        if (maxClients < 1 || idleTimeoutMillis < 0 || outputHardBytes < 0 || outputSoftBytes < 0
                || outputSoftMillis < 0) {
            throw new IllegalArgumentException("client limits: " + maxClients + "," + idleTimeoutMillis + ","
                    + outputHardBytes + "," + outputSoftBytes + "," + outputSoftMillis
                    + " (expected: maxClients >= 1, the rest >= 0)");
        }
    }

    /** @param clients the new {@code maxclients} @return a copy with it */
    public ClientLimits withMaxClients(int clients) {
        return new ClientLimits(clients, idleTimeoutMillis, outputHardBytes, outputSoftBytes, outputSoftMillis);
    }

    /** @param millis the new idle timeout, 0 for none @return a copy with it */
    public ClientLimits withIdleTimeoutMillis(long millis) {
        return new ClientLimits(maxClients, millis, outputHardBytes, outputSoftBytes, outputSoftMillis);
    }

    /**
     * @param hardBytes the hard limit, 0 for none
     * @param softBytes the soft limit, 0 for none
     * @param softMillis how long the soft limit may be exceeded
     * @return a copy with these output limits
     */
    public ClientLimits withOutputLimits(long hardBytes, long softBytes, long softMillis) {
        return new ClientLimits(maxClients, idleTimeoutMillis, hardBytes, softBytes, softMillis);
    }
}
