package chkv.node.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One RESP2 or RESP3 reply as it came off the wire: its exact bytes, and a parsed view for the
 * few comparisons that must look inside (sorted elements, shape).
 *
 * @param type the type byte ({@code + - : $ * _ , # ( ! = % ~ > |})
 * @param raw every byte of the reply, attributes included
 * @param payload the scalar's content (null for aggregates and for RESP2 nulls)
 * @param elements the children of an aggregate (maps and attributes flattened key, value, ...);
 *     null for scalars and for null aggregates
 */
record Resp(byte type, byte[] raw, byte[] payload, List<Resp> elements) {

    /** Limits that keep a broken server from making the reader allocate without bound. */
    static final int MAX_BULK = 64 * 1024 * 1024;
    static final int MAX_ELEMENTS = 1_000_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_LINE = 64 * 1024;

    /** @return the payload as text, or null */
    String text() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Reads one reply.
     *
     * @throws EOFException when the stream ends before a reply is complete
     * @throws ProtocolViolation when the bytes are not RESP
     */
    static Resp read(InputStream in) throws IOException {
        return read(in, new Bytes(), 0);
    }

    private static Resp read(InputStream in, Bytes raw, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new ProtocolViolation("nesting deeper than " + MAX_DEPTH, raw.toByteArray());
        }
        int start = raw.size();
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed before a reply");
        }
        raw.write(type);
        byte[] line = readLine(in, raw);
        Resp reply = switch (type) {
            case '+', '-', ':', ',', '(', '#', '_' -> scalar(type, line, raw, start);
            case '$', '!', '=' -> {
                long length = number(line, raw);
                if (length == -1 && type == '$') {
                    yield new Resp((byte) type, raw.from(start), null, null);
                }
                if (length < 0 || length > MAX_BULK) {
                    throw new ProtocolViolation("bulk length " + length, raw.toByteArray());
                }
                byte[] content = in.readNBytes((int) length);
                raw.write(content);
                if (content.length < length) {
                    throw new EOFException("connection closed inside a bulk string");
                }
                expectCrlf(in, raw);
                yield new Resp((byte) type, raw.from(start), content, null);
            }
            case '*', '%', '~', '>', '|' -> {
                long count = number(line, raw);
                if (count == -1 && type == '*') {
                    yield new Resp((byte) type, raw.from(start), null, null);
                }
                long children = type == '%' || type == '|' ? count * 2 : count;
                if (count < 0 || children > MAX_ELEMENTS) {
                    throw new ProtocolViolation("aggregate length " + count, raw.toByteArray());
                }
                List<Resp> elements = new ArrayList<>((int) children);
                for (long i = 0; i < children; i++) {
                    elements.add(read(in, raw, depth + 1));
                }
                yield new Resp((byte) type, raw.from(start), null, List.copyOf(elements));
            }
            default -> throw new ProtocolViolation("unknown type byte", raw.toByteArray());
        };
        if (type == '|') {
            // An attribute decorates the reply that follows it; the pair is one reply.
            Resp decorated = read(in, raw, depth);
            return new Resp(decorated.type, raw.from(start), decorated.payload, decorated.elements);
        }
        return reply;
    }

    private static Resp scalar(int type, byte[] line, Bytes raw, int start) {
        if (type == '_' && line.length != 0) {
            throw new ProtocolViolation("RESP3 null with content", raw.toByteArray());
        }
        return new Resp((byte) type, raw.from(start), type == '_' ? null : line, null);
    }

    private static long number(byte[] line, Bytes raw) {
        try {
            return Long.parseLong(new String(line, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new ProtocolViolation("length is not a number", raw.toByteArray());
        }
    }

    private static byte[] readLine(InputStream in, Bytes raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a reply line");
            }
            raw.write(b);
            if (b == '\r') {
                int next = in.read();
                if (next < 0) {
                    throw new EOFException("connection closed inside a reply line");
                }
                raw.write(next);
                if (next != '\n') {
                    throw new ProtocolViolation("CR not followed by LF", raw.toByteArray());
                }
                return line.toByteArray();
            }
            if (b == '\n' || line.size() >= MAX_LINE) {
                throw new ProtocolViolation("bare LF or overlong line", raw.toByteArray());
            }
            line.write(b);
        }
    }

    private static void expectCrlf(InputStream in, Bytes raw) throws IOException {
        int cr = in.read();
        int lf = cr < 0 ? -1 : in.read();
        if (cr >= 0) {
            raw.write(cr);
        }
        if (lf >= 0) {
            raw.write(lf);
        }
        if (lf < 0) {
            throw new EOFException("connection closed after a bulk string");
        }
        if (cr != '\r' || lf != '\n') {
            throw new ProtocolViolation("bulk string not followed by CRLF", raw.toByteArray());
        }
    }

    /**
     * Prints bytes the way a reader can compare them: printable ASCII as is, everything else
     * escaped, cut after {@code limit} bytes.
     */
    static String escape(byte[] bytes, int limit) {
        StringBuilder out = new StringBuilder("\"");
        int n = Math.min(bytes.length, limit);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        out.append('"');
        if (bytes.length > limit) {
            out.append("... (").append(bytes.length).append(" bytes)");
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resp r && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return escape(raw, 4096);
    }

    /** The bytes read so far, sliced without copying the whole buffer for every element. */
    private static final class Bytes extends ByteArrayOutputStream {
        byte[] from(int start) {
            return Arrays.copyOfRange(buf, start, count);
        }
    }

    /** The server sent bytes that are not RESP. */
    static final class ProtocolViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient byte[] received;

        ProtocolViolation(String what, byte[] received) {
            super("not RESP: " + what + " after " + escape(received, 512));
            this.received = received;
        }
    }
}
