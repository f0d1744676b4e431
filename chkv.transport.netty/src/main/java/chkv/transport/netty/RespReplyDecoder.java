package chkv.transport.netty;

import chkv.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes RESP2 and RESP3 replies into {@link Reply} values. Aggregates are built on an explicit
 * stack, so deep nesting neither recurses nor re-parses, and a large bulk is copied as it arrives.
 */
final class RespReplyDecoder extends ByteToMessageDecoder {

    private static final int INITIAL_PARTIAL = 16 * 1024;

    private enum State { LINE, BULK_CONTENT, BULK_CRLF }

    /** An aggregate still collecting its elements. */
    private record Frame(byte type, int expected, List<Reply> items) {}

    private final long maxBulkLength;
    private final int maxAggregateLength;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private State state = State.LINE;
    private int scanned;
    private byte bulkType;
    private int bulkLength;
    private byte[] partial;
    private int partialFilled;

    /**
     * @param maxBulkLength the longest bulk string accepted
     * @param maxAggregateLength the most elements of one aggregate
     */
    RespReplyDecoder(long maxBulkLength, int maxAggregateLength) {
        this.maxBulkLength = Math.min(maxBulkLength, Integer.MAX_VALUE - 2);
        this.maxAggregateLength = maxAggregateLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int before = out.size();
        while (out.size() == before && step(in, out)) {
            // each step either advances or reports that more input is needed
        }
    }

    private boolean step(ByteBuf in, List<Object> out) {
        return switch (state) {
            case LINE -> line(in, out);
            case BULK_CONTENT -> {
                int n = Math.min(in.readableBytes(), bulkLength - partialFilled);
                if (partialFilled + n > partial.length) {
                    partial = Arrays.copyOf(partial,
                            (int) Math.min(bulkLength, Math.max(partialFilled + n, 2L * partial.length)));
                }
                in.readBytes(partial, partialFilled, n);
                partialFilled += n;
                if (partialFilled < bulkLength) {
                    yield false;
                }
                state = State.BULK_CRLF;
                yield true;
            }
            case BULK_CRLF -> {
                if (in.readableBytes() < 2) {
                    yield false;
                }
                in.skipBytes(2);
                state = State.LINE;
                byte[] value = partial;
                partial = null;
                value(bulk(bulkType, value), out);
                yield true;
            }
        };
    }

    private boolean line(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int cr = in.indexOf(start + scanned, in.writerIndex(), (byte) '\r');
        if (cr < 0 || cr + 1 >= in.writerIndex()) {
            scanned = cr < 0 ? in.readableBytes() : cr - start;
            return false;
        }
        scanned = 0;
        byte type = in.getByte(start);
        if (type == '+' && cr - start == 3 && in.getShort(start + 1) == ('O' << 8 | 'K')) {
            in.readerIndex(cr + 2);
            value(Reply.OK, out); // a proxy's every SET: no string for it
            return true;
        }
        String text = in.toString(start + 1, cr - start - 1, StandardCharsets.UTF_8);
        in.readerIndex(cr + 2);
        switch (type) {
            case '+' -> value(new Reply.Simple(text), out);
            case '-' -> value(new Reply.Error(text), out);
            case ':' -> value(Reply.integer(number(text)), out);
            case ',' -> value(new Reply.Double(parseDouble(text)), out);
            case '#' -> value(new Reply.Bool(text.equals("t")), out);
            case '_' -> value(Reply.NULL_BULK, out);
            case '(' -> value(new Reply.Bulk(text.getBytes(StandardCharsets.US_ASCII)), out);
            case '$', '=', '!' -> {
                long length = number(text);
                if (length == -1) {
                    value(Reply.NULL_BULK, out);
                } else if (length < 0 || length > maxBulkLength) {
                    throw new DecoderException("RESP bulk length: " + length + " (expected: 0 to " + maxBulkLength + ")");
                } else {
                    bulkType = type;
                    bulkLength = (int) length;
                    partial = new byte[Math.min(bulkLength, Math.max(in.readableBytes(), INITIAL_PARTIAL))];
                    partialFilled = 0;
                    state = State.BULK_CONTENT;
                }
            }
            case '*', '%', '~', '>', '|' -> {
                long length = number(text);
                if (length == -1 && type == '*') {
                    value(Reply.NULL_ARRAY, out);
                } else if (length < 0 || length > maxAggregateLength) {
                    throw new DecoderException("RESP aggregate length: " + length + " (expected: 0 to " + maxAggregateLength + ")");
                } else {
                    int expected = (int) (type == '%' || type == '|' ? 2 * length : length);
                    Frame frame = new Frame(type, expected, new ArrayList<>(Math.min(expected, 1024)));
                    if (expected == 0) {
                        value(build(frame), out);
                    } else {
                        stack.push(frame);
                    }
                }
            }
            default -> throw new DecoderException("RESP reply type: '" + (char) type + "' (expected: one of +-:$*,#_(=!%~>|)");
        }
        return true;
    }

    /** Adds a complete value to the aggregate being built, or emits it when at the top level. */
    private void value(Reply reply, List<Object> out) {
        Reply current = reply;
        while (true) {
            Frame top = stack.peek();
            if (top == null) {
                if (current != null) {
                    out.add(current);
                }
                return;
            }
            if (current != null) {
                top.items().add(current);
            }
            if (top.items().size() < top.expected()) {
                return;
            }
            stack.pop();
            current = build(top);
        }
    }

    /** @return the aggregate, or {@code null} for an attribute, which only annotates the next value */
    private static Reply build(Frame frame) {
        return switch (frame.type()) {
            case '%' -> new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.copyOf(frame.items()));
            case '~' -> new Reply.Aggregate(Reply.Aggregate.Kind.SET, List.copyOf(frame.items()));
            case '>' -> new Reply.Aggregate(Reply.Aggregate.Kind.PUSH, List.copyOf(frame.items()));
            case '|' -> null;
            default -> new Reply.Array(List.copyOf(frame.items()));
        };
    }

    private static Reply bulk(byte type, byte[] value) {
        return switch (type) {
            case '!' -> new Reply.Error(new String(value, StandardCharsets.UTF_8));
            case '=' -> new Reply.Verbatim(new String(value, Math.min(4, value.length),
                    Math.max(0, value.length - 4), StandardCharsets.UTF_8));
            default -> new Reply.Bulk(value);
        };
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new DecoderException("RESP number: " + text + " (expected: a 64-bit integer)");
        }
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new DecoderException("RESP double: " + text + " (expected: a number)");
                }
            }
        };
    }
}
