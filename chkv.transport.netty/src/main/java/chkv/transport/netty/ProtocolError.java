package chkv.transport.netty;

import java.nio.charset.StandardCharsets;

/**
 * A request the decoder refused, passed up the pipeline in order with the commands before it:
 * the application writes its error after their replies, then closes the connection, as Redis does.
 *
 * @param reply the complete error line, byte for byte what Redis sends
 */
record ProtocolError(byte[] reply) {

    static final ProtocolError INVALID_MULTIBULK = of("invalid multibulk length");
    static final ProtocolError INVALID_BULK = of("invalid bulk length");
    static final ProtocolError TOO_BIG_INLINE = of("too big inline request");
    static final ProtocolError TOO_BIG_MBULK_COUNT = of("too big mbulk count string");
    static final ProtocolError TOO_BIG_BULK_COUNT = of("too big bulk count string");
    static final ProtocolError UNBALANCED_QUOTES = of("unbalanced quotes in request");
    static final ProtocolError UNAUTHENTICATED_MULTIBULK = of("unauthenticated multibulk length");
    static final ProtocolError UNAUTHENTICATED_BULK = of("unauthenticated bulk length");

    /** Redis prints the offending byte raw ({@code %c}), so the reply is built from bytes. */
    static ProtocolError expectedDollar(byte got) {
        byte[] head = "-ERR Protocol error: expected '$', got '".getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + 4];
        System.arraycopy(head, 0, line, 0, head.length);
        // Redis turns CR and LF inside an error into spaces so the reply stays one line.
        line[head.length] = got == '\r' || got == '\n' ? (byte) ' ' : got;
        line[head.length + 1] = '\'';
        line[head.length + 2] = '\r';
        line[head.length + 3] = '\n';
        return new ProtocolError(line);
    }

    private static ProtocolError of(String what) {
        return new ProtocolError(("-ERR Protocol error: " + what + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return new String(reply, 1, reply.length - 3, StandardCharsets.ISO_8859_1);
    }
}
