package chkv.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes a command as a RESP array of bulk strings, the form every Redis server accepts. */
final class RespCommandEncoder extends MessageToByteEncoder<byte[][]> {

    RespCommandEncoder() {
        super(byte[][].class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, byte[][] args, ByteBuf out) {
        header(out, '*', args.length);
        for (byte[] arg : args) {
            header(out, '$', arg.length);
            out.writeBytes(arg).writeByte('\r').writeByte('\n');
        }
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, byte[][] args, boolean preferDirect) {
        int size = 16;
        for (byte[] arg : args) {
            size += arg.length + 16;
        }
        return ctx.alloc().ioBuffer(size);
    }

    private static void header(ByteBuf out, char prefix, int value) {
        out.writeByte(prefix);
        out.writeCharSequence(Integer.toString(value), StandardCharsets.US_ASCII);
        out.writeByte('\r').writeByte('\n');
    }
}
