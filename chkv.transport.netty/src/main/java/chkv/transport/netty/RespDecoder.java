package chkv.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes client requests, multibulk or inline, into {@code byte[][]} commands, with Redis 7's
 * limits and its protocol errors byte for byte. A refused request becomes a {@link ProtocolError}
 * after the commands before it, and everything after it is discarded.
 */
final class RespDecoder extends ByteToMessageDecoder {

    /** Larger argument arrays grow as their elements arrive rather than trusting the count. */
    private static final int INITIAL_ARGS = 1024;
    /** A bulk that has not fully arrived starts this small and doubles as bytes come. */
    private static final int INITIAL_PARTIAL = 16 * 1024;

    /** Redis's limits for a client that has not authenticated yet. */
    private static final int UNAUTHENTICATED_ARGS = 10;
    private static final int UNAUTHENTICATED_BULK = 16 * 1024;

    private enum State { TYPE, INLINE, MULTIBULK_COUNT, BULK_LENGTH, BULK_CONTENT, BULK_CRLF, DISCARD }

    private final long maxBulkLength;
    private final int maxInlineLength;
    private final int maxMultiBulkLength;

    private State state = State.TYPE;
    /** Bytes after the reader index already searched for a line end, so a slow line is not rescanned. */
    private int scanned;
    private byte[][] args;
    private int argCount;
    private int argsExpected;
    private byte[] partial;
    private int partialFilled;
    private int bulkLength;
    private long parsed;
    private Channel channel;

    /**
     * @param maxBulkLength the longest bulk string accepted (proto-max-bulk-len)
     * @param maxInlineLength the longest inline request or length line accepted
     * @param maxMultiBulkLength the most arguments of one command
     */
    RespDecoder(long maxBulkLength, int maxInlineLength, int maxMultiBulkLength) {
        if (maxBulkLength < 1 || maxInlineLength < 1 || maxMultiBulkLength < 1) {
            throw new IllegalArgumentException("RESP limits: " + maxBulkLength + "," + maxInlineLength
                    + "," + maxMultiBulkLength + " (expected: positive)");
        }
        this.maxBulkLength = Math.min(maxBulkLength, Integer.MAX_VALUE - 2);
        this.maxInlineLength = maxInlineLength;
        this.maxMultiBulkLength = maxMultiBulkLength;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Whether the command layer has yet to see this client authenticate. */
    private boolean unauthenticated() {
        RespSession session = channel == null ? null : channel.attr(RespSession.KEY).get();
        return session != null && !session.authenticated();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // One command per call: the base class passes it on before decoding the next.
        int before = out.size();
        while (out.size() == before && step(in, out)) {
            // each step either advances the state or reports that more input is needed
        }
    }

    /** @return whether decoding can go on with the bytes at hand */
    private boolean step(ByteBuf in, List<Object> out) {
        return switch (state) {
            case TYPE -> {
                if (!in.isReadable()) {
                    yield false;
                }
                state = in.getByte(in.readerIndex()) == '*' ? State.MULTIBULK_COUNT : State.INLINE;
                yield true;
            }
            case INLINE -> decodeInline(in, out);
            case MULTIBULK_COUNT -> decodeCount(in, out);
            case BULK_LENGTH -> decodeBulkLength(in, out);
            case BULK_CONTENT -> decodeBulkContent(in);
            case BULK_CRLF -> {
                if (in.readableBytes() < 2) {
                    yield false;
                }
                // Redis skips the two bytes after a bulk without looking at them.
                in.skipBytes(2);
                byte[] value = partial;
                partial = null;
                addArg(value, out);
                yield true;
            }
            case DISCARD -> {
                in.skipBytes(in.readableBytes());
                yield false;
            }
        };
    }

    private boolean decodeInline(ByteBuf in, List<Object> out) {
        int lf = find(in, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > maxInlineLength) {
                fail(in, out, ProtocolError.TOO_BIG_INLINE);
            }
            return false;
        }
        int start = in.readerIndex();
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(lf + 1);
        state = State.TYPE;
        byte[][] command = InlineParser.split(line);
        if (command == null) {
            fail(in, out, ProtocolError.UNBALANCED_QUOTES);
        } else if (command.length > 0) {
            out.add(command);
        }
        return true;
    }

    private boolean decodeCount(ByteBuf in, List<Object> out) {
        int cr = lineEnd(in, out, ProtocolError.TOO_BIG_MBULK_COUNT);
        if (cr < 0) {
            return false;
        }
        if (!parseLong(in, in.readerIndex() + 1, cr) || parsed > maxMultiBulkLength) {
            fail(in, out, ProtocolError.INVALID_MULTIBULK);
            return false;
        }
        if (parsed > UNAUTHENTICATED_ARGS && unauthenticated()) {
            fail(in, out, ProtocolError.UNAUTHENTICATED_MULTIBULK);
            return false;
        }
        in.readerIndex(cr + 2);
        if (parsed <= 0) {
            state = State.TYPE; // Redis ignores empty and negative multibulks
            return true;
        }
        argsExpected = (int) parsed;
        args = new byte[Math.min(argsExpected, INITIAL_ARGS)][];
        argCount = 0;
        state = State.BULK_LENGTH;
        return true;
    }

    private boolean decodeBulkLength(ByteBuf in, List<Object> out) {
        int cr = lineEnd(in, out, ProtocolError.TOO_BIG_BULK_COUNT);
        if (cr < 0) {
            return false;
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') {
            fail(in, out, ProtocolError.expectedDollar(first));
            return false;
        }
        if (!parseLong(in, in.readerIndex() + 1, cr) || parsed < 0 || parsed > maxBulkLength) {
            fail(in, out, ProtocolError.INVALID_BULK);
            return false;
        }
        if (parsed > UNAUTHENTICATED_BULK && unauthenticated()) {
            fail(in, out, ProtocolError.UNAUTHENTICATED_BULK);
            return false;
        }
        in.readerIndex(cr + 2);
        bulkLength = (int) parsed;
        if (in.readableBytes() >= bulkLength + 2) {
            byte[] value = new byte[bulkLength];
            in.readBytes(value);
            in.skipBytes(2);
            addArg(value, out);
        } else {
            partial = new byte[Math.min(bulkLength, Math.max(in.readableBytes(), INITIAL_PARTIAL))];
            partialFilled = 0;
            state = State.BULK_CONTENT;
        }
        return true;
    }

    /** Copies what has arrived, so a huge bulk never sits whole in the cumulation buffer. */
    private boolean decodeBulkContent(ByteBuf in) {
        int n = Math.min(in.readableBytes(), bulkLength - partialFilled);
        if (partialFilled + n > partial.length) {
            int capacity = (int) Math.min(bulkLength, Math.max(partialFilled + n, 2L * partial.length));
            partial = Arrays.copyOf(partial, capacity);
        }
        in.readBytes(partial, partialFilled, n);
        partialFilled += n;
        if (partialFilled == bulkLength) {
            state = State.BULK_CRLF;
            return true;
        }
        return false;
    }

    private void addArg(byte[] value, List<Object> out) {
        if (argCount == args.length) {
            args = Arrays.copyOf(args, (int) Math.min(argsExpected, 2L * args.length));
        }
        args[argCount++] = value;
        if (argCount == argsExpected) {
            out.add(args);
            args = null;
            state = State.TYPE;
        } else {
            state = State.BULK_LENGTH;
        }
    }

    /** @return the index of the CR ending the line at the reader index once its LF arrived, else -1 */
    private int lineEnd(ByteBuf in, List<Object> out, ProtocolError tooBig) {
        int cr = find(in, (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > maxInlineLength) {
                fail(in, out, tooBig);
            }
            return -1;
        }
        if (cr + 1 >= in.writerIndex()) {
            scanned = 0; // the CR is found again once its LF is here
            return -1;
        }
        scanned = 0;
        return cr;
    }

    private int find(ByteBuf in, byte value) {
        int from = in.readerIndex() + scanned;
        int at = in.indexOf(from, in.writerIndex(), value);
        scanned = at < 0 ? in.readableBytes() : 0;
        return at;
    }

    private void fail(ByteBuf in, List<Object> out, ProtocolError error) {
        in.skipBytes(in.readableBytes());
        args = null;
        partial = null;
        state = State.DISCARD;
        out.add(error);
    }

    /** @return whether no request is half-decoded and no input is held back (for tests) */
    boolean idle() {
        return (state == State.TYPE || state == State.DISCARD) && args == null && partial == null
                && (internalBuffer() == null || !internalBuffer().isReadable());
    }

    /** @return the capacity reserved so far for the bulk being received, 0 if none (for tests) */
    int bulkCapacity() {
        return partial == null ? 0 : partial.length;
    }

    /** Redis's {@code string2ll}: optional minus, no plus, no leading zeros, no overflow. */
    private boolean parseLong(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 20) {
            return false;
        }
        if (to - from == 1 && in.getByte(from) == '0') {
            parsed = 0;
            return true;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to || in.getByte(i) < '1' || in.getByte(i) > '9') {
            return false;
        }
        long value = 0; // accumulated negatively so Long.MIN_VALUE fits
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return false;
        }
        parsed = negative ? value : -value;
        return true;
    }
}
