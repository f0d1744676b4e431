package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.TransportConfig;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The request decoder on whole, split and byte-by-byte input: same commands, nothing left over. */
@ExtendWith(LeakCheck.class)
class RespDecoderTest {

    /** A pipeline mixing every request form, and the commands Redis makes of it. */
    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhe\r\nl\r\n"
            + "PING\r\n"
            + "\r\n"
            + "*0\r\n"
            + "*-1\r\n"
            + "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
            + "  echo   \"a b\\x41\\n\"  'it\\'s'\n"
            + "*1\r\n$4\r\nPINGxx"
            + "GET k\r\n";
    private static final List<List<String>> COMMANDS = List.of(
            List.of("SET", "k", "he\r\nl"),
            List.of("PING"),
            List.of("ECHO", ""),
            List.of("echo", "a bA\n", "it's"),
            List.of("PING"),
            List.of("GET", "k"));

    @Test
    void decode_wholePipeline_yieldsEveryCommandAndLeavesNothing() {
        assertThat(decode(List.of(bytes(PIPELINE)))).isEqualTo(COMMANDS);
    }

    @Test
    void decode_splitAtEveryPoint_yieldsTheSameCommands() {
        byte[] all = bytes(PIPELINE);
        for (int split = 1; split < all.length; split++) {
            assertThat(decode(List.of(Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length))))
                    .as("split at %d", split)
                    .isEqualTo(COMMANDS);
        }
    }

    @Test
    void decode_byteByByte_yieldsTheSameCommands() {
        byte[] all = bytes(PIPELINE);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        assertThat(decode(chunks)).isEqualTo(COMMANDS);
    }

    @Test
    void decode_largeBulkInChunks_growsWithTheBytesInsteadOfReservingItsLength() {
        RespDecoder decoder = newDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        int length = 8 * 1024 * 1024;
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("*2\r\n$3\r\nSET\r\n$" + length + "\r\n")));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[100]));
        assertThat(decoder.bulkCapacity()).isBetween(100, 64 * 1024);
        byte[] value = new byte[length];
        new java.util.Random(1).nextBytes(value);
        for (int at = 100; at < length; at += 65536) {
            channel.writeInbound(Unpooled.wrappedBuffer(value, at, Math.min(65536, length - at)));
        }
        Object nothing = channel.readInbound();
        assertThat(nothing).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("\r\n")));
        byte[][] command = channel.readInbound();
        System.arraycopy(new byte[100], 0, value, 0, 100);
        assertThat(command[1]).isEqualTo(value);
        assertThat(decoder.idle()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decode_blankInlineLines_areIgnored() {
        assertThat(decode(List.of(bytes("\r\n\n   \r\n\t\nPING\n")))).isEqualTo(List.of(List.of("PING")));
    }

    private static List<List<String>> decode(List<byte[]> chunks) {
        RespDecoder decoder = newDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<List<String>> commands = new ArrayList<>();
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            Object msg;
            while ((msg = channel.readInbound()) != null) {
                List<String> args = new ArrayList<>();
                for (byte[] arg : (byte[][]) msg) {
                    args.add(new String(arg, StandardCharsets.ISO_8859_1));
                }
                commands.add(args);
            }
        }
        assertThat(decoder.idle()).as("decoder holds nothing back").isTrue();
        assertThat(channel.finishAndReleaseAll()).as("nothing left in the channel").isFalse();
        return commands;
    }

    static RespDecoder newDecoder() {
        TransportConfig c = TransportConfig.defaults();
        return new RespDecoder(c.maxBulkLength(), c.maxInlineLength(), c.maxMultiBulkLength());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
