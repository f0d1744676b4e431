package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.Reply.Aggregate.Kind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client's reply decoder: what the server encoder writes, fed whole, split and byte by byte. */
@ExtendWith(LeakCheck.class)
class RespReplyDecoderTest {

    private static final List<Reply> REPLIES = List.of(
            Reply.OK, Reply.error("ERR no"), Reply.integer(-7), Reply.bulk("b\r\nulk"), Reply.bulk(new byte[0]),
            Reply.NULL_ARRAY, Reply.EMPTY_ARRAY,
            new Reply.Array(List.of(Reply.bulk("a"), new Reply.Array(List.of(Reply.integer(1), Reply.ZERO)), Reply.OK)),
            new Reply.Aggregate(Kind.MAP, List.of(Reply.bulk("k"), new Reply.Aggregate(Kind.SET, List.of(Reply.ONE)))),
            new Reply.Aggregate(Kind.PUSH, List.of(Reply.bulk("message"))),
            new Reply.Double(1.5), new Reply.Double(Double.NEGATIVE_INFINITY), new Reply.Bool(true),
            new Reply.Verbatim("some text"), Reply.NULL_BULK,
            Reply.bulk(new byte[4_000]));

    @Test
    void decode_resp3_wholeSplitAndByteByByte_roundTrips() {
        String wire = RespEncoderTest.encode(3, REPLIES.toArray(Reply[]::new));
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(reencode(List.of(bytes))).isEqualTo(wire);
        for (int split = 1; split < bytes.length; split += 7) {
            assertThat(reencode(List.of(Arrays.copyOfRange(bytes, 0, split), Arrays.copyOfRange(bytes, split, bytes.length))))
                    .as("split at %d", split).isEqualTo(wire);
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(new byte[] {b});
        }
        assertThat(reencode(single)).isEqualTo(wire);
    }

    @Test
    void decode_resp2_roundTrips() {
        String wire = RespEncoderTest.encode(2, REPLIES.toArray(Reply[]::new));
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(1 << 20, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer(wire.getBytes(StandardCharsets.ISO_8859_1)));
        List<Reply> decoded = new ArrayList<>();
        Reply reply;
        while ((reply = channel.readInbound()) != null) {
            decoded.add(reply);
        }
        assertThat(RespEncoderTest.encode(2, decoded.toArray(Reply[]::new))).isEqualTo(wire);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decode_attribute_isDroppedAndTheValueKept() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(1 << 20, 1024));
        channel.writeInbound(Unpooled.wrappedBuffer("|1\r\n+key\r\n:1\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat((Reply) channel.readInbound()).isEqualTo(Reply.OK);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void decode_unknownTypeOrTooLong_fails() {
        for (String bad : List.of("?x\r\n", "$2000000\r\n", "*5000\r\n", ":abc\r\n")) {
            EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(1 << 20, 1024));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> channel.writeInbound(Unpooled.wrappedBuffer(bad.getBytes(StandardCharsets.US_ASCII))))
                    .as(bad).isInstanceOf(DecoderException.class);
            channel.finishAndReleaseAll();
        }
    }

    private static String reencode(List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespReplyDecoder(1 << 20, 1024));
        List<Reply> decoded = new ArrayList<>();
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            Reply reply;
            while ((reply = channel.readInbound()) != null) {
                decoded.add(reply);
            }
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return RespEncoderTest.encode(3, decoded.toArray(Reply[]::new));
    }
}
