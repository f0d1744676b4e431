package chkv.api.spi;

import java.util.List;
import java.util.Map;

/**
 * What a {@link Transport} is built with.
 *
 * @param ioThreads event-loop threads, 0 for the transport's default
 * @param maxBulkLength the longest RESP bulk string accepted (Redis's proto-max-bulk-len)
 * @param maxInlineLength the longest inline command line accepted
 * @param maxMultiBulkLength the most arguments one command may have
 * @param maxFrameLength the largest internal message frame
 * @param protocolVersion the internal protocol version both ends of a message connection
 *     must agree on
 * @param messageTypes the internal message classes, registered in this order with fixed ids;
 *     no other class is ever instantiated from the wire
 * @param options transport-specific settings; a transport refuses a key of its own prefix it does
 *     not know ({@code netty.}), and ignores the keys of other prefixes
 */
public record TransportConfig(
        int ioThreads, long maxBulkLength, int maxInlineLength, int maxMultiBulkLength,
        int maxFrameLength, int protocolVersion, List<Class<?>> messageTypes,
        Map<String, String> options) {

    /** Redis's default proto-max-bulk-len: 512 MB. */
    public static final long DEFAULT_MAX_BULK = 512L * 1024 * 1024;
    /** Redis's inline request limit: 64 KB. */
    public static final int DEFAULT_MAX_INLINE = 64 * 1024;
    /** Redis's limit on the number of arguments of one command. */
    public static final int DEFAULT_MAX_MULTIBULK = 1024 * 1024;
    /** Default internal frame limit: 16 MB. */
    public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

    /** Validates and copies. */
    public TransportConfig {
        if (ioThreads < 0 || maxBulkLength < 1 || maxInlineLength < 1 || maxMultiBulkLength < 1
                || maxFrameLength < 64) {
            throw new IllegalArgumentException("transport limits: " + ioThreads + "," + maxBulkLength
                    + "," + maxInlineLength + "," + maxMultiBulkLength + "," + maxFrameLength
                    + " (expected: threads >= 0, limits positive, frame >= 64)");
        }
        messageTypes = List.copyOf(messageTypes);
        options = Map.copyOf(options);
    }

    /**
     * @param types the internal message classes, registered in this order with fixed ids
     * @param version the internal protocol version
     * @return a copy that carries these messages
     */
    public TransportConfig withMessages(List<Class<?>> types, int version) {
        return new TransportConfig(ioThreads, maxBulkLength, maxInlineLength, maxMultiBulkLength, maxFrameLength,
                version, types, options);
    }

    /**
     * @param threads the I/O threads, 0 for the transport's default
     * @param settings the transport's own options, replacing these
     * @return a copy with these threads and options
     */
    public TransportConfig withIo(int threads, Map<String, String> settings) {
        return new TransportConfig(threads, maxBulkLength, maxInlineLength, maxMultiBulkLength, maxFrameLength,
                protocolVersion, messageTypes, settings);
    }

    /** @return Redis's limits, the transport's default number of I/O threads, no message types */
    public static TransportConfig defaults() {
        return new TransportConfig(0, DEFAULT_MAX_BULK, DEFAULT_MAX_INLINE, DEFAULT_MAX_MULTIBULK,
                DEFAULT_MAX_FRAME, 1, List.of(), Map.of());
    }
}
