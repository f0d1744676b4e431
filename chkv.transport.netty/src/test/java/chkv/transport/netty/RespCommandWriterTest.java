package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RespCommandWriterTest {

    @Test
    void write_lengthsOfEveryNumberOfDigits_asRedisReadsThem() {
        for (int length : new int[] {0, 1, 9, 10, 11, 99, 100, 999, 1000, 12_345, 100_000, 1_048_576}) {
            byte[] value = new byte[length];
            Arrays.fill(value, (byte) 'v');
            byte[][] args = {ascii("SET"), ascii("k"), value};
            String expected = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + length + "\r\n" + "v".repeat(length) + "\r\n";
            assertThat(written(args)).isEqualTo(expected);
            assertThat(RespCommandWriter.size(args)).isGreaterThanOrEqualTo(expected.length());
        }
    }

    @Test
    void write_manyArguments_andBinaryOnes() {
        byte[][] args = new byte[12][];
        StringBuilder expected = new StringBuilder("*12\r\n");
        for (int i = 0; i < args.length; i++) {
            args[i] = new byte[] {'\r', '\n', (byte) i};
            expected.append("$3\r\n\r\n").append((char) i).append("\r\n");
        }
        assertThat(written(args)).isEqualTo(expected.toString());
    }

    @Test
    void write_appendsAfterWhatTheBufferHolds() {
        ByteBuf out = Unpooled.buffer(4);
        try {
            RespCommandWriter.write(new byte[][] {ascii("PING")}, out);
            RespCommandWriter.write(new byte[][] {ascii("GET"), ascii("key")}, out);
            assertThat(out.toString(StandardCharsets.ISO_8859_1))
                    .isEqualTo("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
        } finally {
            out.release();
        }
    }

    private static String written(byte[][] args) {
        ByteBuf out = Unpooled.buffer(1);
        try {
            RespCommandWriter.write(args, out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
