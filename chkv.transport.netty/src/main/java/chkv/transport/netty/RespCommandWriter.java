package chkv.transport.netty;

import io.netty.buffer.ByteBuf;

/** Writes a command as a RESP array of bulk strings, the form every Redis server accepts, without a string per number. */
final class RespCommandWriter {

    private RespCommandWriter() {}

    /** @return the bytes {@link #write} takes for {@code args} at the most */
    static int size(byte[][] args) {
        int size = 16;
        for (byte[] arg : args) {
            size += arg.length + 16;
        }
        return size;
    }

    /** @param args the command and its arguments @param out where they are appended */
    static void write(byte[][] args, ByteBuf out) {
        out.ensureWritable(size(args));
        header(out, '*', args.length);
        for (byte[] arg : args) {
            header(out, '$', arg.length);
            out.writeBytes(arg).writeShort(('\r' << 8) | '\n');
        }
    }

    private static void header(ByteBuf out, char prefix, int value) {
        out.writeByte(prefix);
        if (value < 10) {
            out.writeByte('0' + value);
        } else {
            int digits = 1;
            for (int rest = value / 10; rest > 0; rest /= 10) {
                digits++;
            }
            int end = out.writerIndex() + digits;
            out.writerIndex(end);
            for (int i = end - 1, rest = value; i >= end - digits; i--, rest /= 10) {
                out.setByte(i, '0' + rest % 10);
            }
        }
        out.writeShort(('\r' << 8) | '\n');
    }
}
