package chkv.transport.netty;

import chkv.api.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes {@link Reply} values as RESP2 or RESP3 exactly as Redis 7.0 does, each reply into a
 * buffer of its own that goes straight into Netty's outbound buffer: the pending bytes the water
 * marks see are every byte not yet sent, and merging into one socket write is the channel's
 * (gathering writes) and the flush policy's business.
 */
final class RespEncoder extends ChannelOutboundHandlerAdapter {

    /** Bulks at least this long are written as a wrapped array instead of copied. */
    private static final int WRAP_THRESHOLD = 64 * 1024;
    private static final int INITIAL_BUFFER = 128;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] VERBATIM_TXT = ascii("txt:");
    private static final byte[] TRUE3 = ascii("#t\r\n");
    private static final byte[] FALSE3 = ascii("#f\r\n");
    private static final byte[] TRUE2 = ascii(":1\r\n");
    private static final byte[] FALSE2 = ascii(":0\r\n");
    private static final byte[] NULL3 = ascii("_\r\n");
    private static final byte[] NULL_ARRAY2 = ascii("*-1\r\n");
    private static final byte[] NULL_BULK2 = ascii("$-1\r\n");

    private final byte[] digits = new byte[20];
    /** The reply being encoded; a large bulk inside it closes one buffer and opens the next. */
    private ByteBuf out;
    private boolean resp3;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof RespVersion version) {
            resp3 = version == RespVersion.RESP3;
            promise.trySuccess();
            return;
        }
        if (!(msg instanceof Reply reply)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            encode(ctx, reply);
        } catch (RuntimeException e) {
            if (out != null) {
                out.release();
                out = null;
            }
            promise.tryFailure(e);
            return;
        }
        ByteBuf done = out;
        out = null;
        ctx.write(done, promise);
    }

    private ByteBuf out(ChannelHandlerContext ctx) {
        if (out == null) {
            out = ctx.alloc().ioBuffer(INITIAL_BUFFER);
        }
        return out;
    }

    private void encode(ChannelHandlerContext ctx, Reply reply) {
        switch (reply) {
            case Reply.Simple s -> line(ctx, '+', s.text(), false);
            case Reply.Error e -> line(ctx, '-', e.message(), true);
            case Reply.Int i -> number(out(ctx), ':', i.value());
            case Reply.Bulk b -> bulk(ctx, b.value());
            case Reply.Array a -> aggregate(ctx, '*', a.items().size(), a.items());
            case Reply.Aggregate a -> {
                int size = a.items().size();
                if (!resp3) {
                    aggregate(ctx, '*', size, a.items());
                } else {
                    switch (a.kind()) {
                        case MAP -> aggregate(ctx, '%', size / 2, a.items());
                        case SET -> aggregate(ctx, '~', size, a.items());
                        case PUSH -> aggregate(ctx, '>', size, a.items());
                    }
                }
            }
            case Reply.Double d -> {
                String text = DoubleFormat.format(d.value());
                if (resp3) {
                    ByteBuf out = out(ctx).writeByte(',');
                    out.writeCharSequence(text, StandardCharsets.US_ASCII);
                    out.writeBytes(CRLF);
                } else {
                    bulk(ctx, text.getBytes(StandardCharsets.US_ASCII));
                }
            }
            case Reply.Bool b -> out(ctx).writeBytes(resp3 ? (b.value() ? TRUE3 : FALSE3) : (b.value() ? TRUE2 : FALSE2));
            case Reply.Verbatim v -> {
                byte[] text = v.text().getBytes(StandardCharsets.UTF_8);
                if (resp3) {
                    ByteBuf out = number(out(ctx), '=', text.length + 4L);
                    out.writeBytes(VERBATIM_TXT).writeBytes(text).writeBytes(CRLF);
                } else {
                    bulk(ctx, text);
                }
            }
            case Reply.Null n -> out(ctx).writeBytes(resp3 ? NULL3 : n.array() ? NULL_ARRAY2 : NULL_BULK2);
            // The application resolves a top-level deferred reply; one nested in an aggregate
            // cannot be waited for here, and an error element keeps the stream well formed.
            case Reply.Deferred ignored -> line(ctx, '-', "ERR deferred reply inside an aggregate", true);
        }
    }

    private void aggregate(ChannelHandlerContext ctx, char prefix, int size, List<Reply> items) {
        number(out(ctx), prefix, size);
        for (Reply item : items) {
            if (item == null) {
                line(ctx, '-', "ERR null reply element", true);
            } else {
                encode(ctx, item);
            }
        }
    }

    private void bulk(ChannelHandlerContext ctx, byte[] value) {
        ByteBuf header = number(out(ctx), '$', value.length);
        if (value.length >= WRAP_THRESHOLD) {
            // the reply so far, the value uncopied, and a new buffer for the rest of the reply
            out = null;
            ctx.write(header, ctx.voidPromise());
            ctx.write(Unpooled.wrappedBuffer(value), ctx.voidPromise());
            out(ctx).writeBytes(CRLF);
        } else {
            header.writeBytes(value).writeBytes(CRLF);
        }
    }

    /**
     * A simple string or error: Redis turns CR and LF inside it into spaces to keep one line. An
     * error is written one byte per char (Latin-1): it quotes the client's bytes, which the
     * command layer decodes the same way, so a {@code 0xff} comes back as that one byte.
     */
    private void line(ChannelHandlerContext ctx, char prefix, String text, boolean latin1) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            text = text.replace('\r', ' ').replace('\n', ' ');
        }
        ByteBuf out = out(ctx).writeByte(prefix);
        if (latin1) {
            out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
        } else {
            ByteBufUtil.writeUtf8(out, text);
        }
        out.writeBytes(CRLF);
    }

    private ByteBuf number(ByteBuf out, char prefix, long value) {
        out.writeByte(prefix);
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
        } else {
            // Digits are produced backwards; negative accumulation keeps Long.MIN_VALUE exact.
            long v = value < 0 ? value : -value;
            int at = digits.length;
            do {
                digits[--at] = (byte) ('0' - v % 10);
                v /= 10;
            } while (v != 0);
            if (value < 0) {
                out.writeByte('-');
            }
            out.writeBytes(digits, at, digits.length - at);
        }
        return out.writeBytes(CRLF);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
