package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.Reply.Aggregate.Kind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every reply type in RESP2 and RESP3, byte for byte as Redis 7.0 sends it. */
@ExtendWith(LeakCheck.class)
class RespEncoderTest {

    @Test
    void encode_scalars_sameInBothVersions() {
        for (int version : new int[] {2, 3}) {
            assertThat(encode(version, Reply.OK)).isEqualTo("+OK\r\n");
            assertThat(encode(version, Reply.error("ERR bad\r\nthing"))).isEqualTo("-ERR bad  thing\r\n");
            assertThat(encode(version, Reply.integer(0))).isEqualTo(":0\r\n");
            assertThat(encode(version, Reply.integer(-42))).isEqualTo(":-42\r\n");
            assertThat(encode(version, Reply.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
            assertThat(encode(version, Reply.integer(Long.MAX_VALUE))).isEqualTo(":9223372036854775807\r\n");
            assertThat(encode(version, Reply.bulk("héllo"))).isEqualTo("$6\r\nh\u00c3\u00a9llo\r\n");
            assertThat(encode(version, Reply.bulk(new byte[0]))).isEqualTo("$0\r\n\r\n");
            assertThat(encode(version, Reply.EMPTY_ARRAY)).isEqualTo("*0\r\n");
            assertThat(encode(version, new Reply.Array(List.of(Reply.bulk("a"), Reply.integer(7), Reply.NULL_BULK))))
                    .isEqualTo(version == 2 ? "*3\r\n$1\r\na\r\n:7\r\n$-1\r\n" : "*3\r\n$1\r\na\r\n:7\r\n_\r\n");
        }
    }

    @Test
    void encode_error_writesEachCharAsTheByteTheClientSent() {
        // the command layer quotes client bytes as Latin-1 chars: 0xff must come back as one 0xff byte
        String shown = new String(new byte[] {(byte) 0xff, 'x', (byte) 0xe9}, StandardCharsets.ISO_8859_1);
        assertThat(encode(2, Reply.error("ERR unknown command '" + shown + "'")))
                .isEqualTo("-ERR unknown command '" + shown + "'\r\n");
        assertThat(encode(2, new Reply.Simple("h\u00e9"))).as("simple strings stay UTF-8").isEqualTo("+h\u00c3\u00a9\r\n");
    }

    @Test
    void encode_nulls_byKindInResp2_underscoreInResp3() {
        assertThat(encode(2, Reply.NULL_BULK)).isEqualTo("$-1\r\n");
        assertThat(encode(2, Reply.NULL_ARRAY)).isEqualTo("*-1\r\n");
        assertThat(encode(3, Reply.NULL_BULK)).isEqualTo("_\r\n");
        assertThat(encode(3, Reply.NULL_ARRAY)).isEqualTo("_\r\n");
    }

    @Test
    void encode_aggregates_flattenInResp2() {
        Reply map = new Reply.Aggregate(Kind.MAP, List.of(Reply.bulk("k"), Reply.integer(1), Reply.bulk("j"), Reply.NULL_BULK));
        assertThat(encode(2, map)).isEqualTo("*4\r\n$1\r\nk\r\n:1\r\n$1\r\nj\r\n$-1\r\n");
        assertThat(encode(3, map)).isEqualTo("%2\r\n$1\r\nk\r\n:1\r\n$1\r\nj\r\n_\r\n");
        Reply set = new Reply.Aggregate(Kind.SET, List.of(Reply.bulk("a")));
        assertThat(encode(2, set)).isEqualTo("*1\r\n$1\r\na\r\n");
        assertThat(encode(3, set)).isEqualTo("~1\r\n$1\r\na\r\n");
        Reply push = new Reply.Aggregate(Kind.PUSH, List.of(Reply.bulk("message"), Reply.bulk("ch"), Reply.bulk("hi")));
        assertThat(encode(2, push)).isEqualTo("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        assertThat(encode(3, push)).isEqualTo(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        Reply nested = new Reply.Array(List.of(new Reply.Aggregate(Kind.MAP, List.of()), Reply.EMPTY_ARRAY));
        assertThat(encode(3, nested)).isEqualTo("*2\r\n%0\r\n*0\r\n");
    }

    @Test
    void encode_doubles_asRedisAddReplyDouble() {
        // Bytes captured from redis-server 7.0.15 (ZSCORE in RESP2, then after HELLO 3).
        assertThat(encode(2, new Reply.Double(1.1))).isEqualTo("$18\r\n1.1000000000000001\r\n");
        assertThat(encode(3, new Reply.Double(1.1))).isEqualTo(",1.1000000000000001\r\n");
        assertThat(encode(3, new Reply.Double(1e300))).isEqualTo(",1.0000000000000001e+300\r\n");
        assertThat(encode(2, new Reply.Double(1e300))).isEqualTo("$23\r\n1.0000000000000001e+300\r\n");
        assertThat(encode(3, new Reply.Double(0.000001))).isEqualTo(",9.9999999999999995e-07\r\n");
        assertThat(encode(2, new Reply.Double(0.000001))).isEqualTo("$22\r\n9.9999999999999995e-07\r\n");
        assertThat(encode(3, new Reply.Double(123456789012345678d))).isEqualTo(",1.2345678901234568e+17\r\n");
        assertThat(encode(3, new Reply.Double(0))).isEqualTo(",0\r\n");
        assertThat(encode(2, new Reply.Double(0))).isEqualTo("$1\r\n0\r\n");
        assertThat(encode(3, new Reply.Double(Double.POSITIVE_INFINITY))).isEqualTo(",inf\r\n");
        assertThat(encode(3, new Reply.Double(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
        assertThat(encode(2, new Reply.Double(Double.POSITIVE_INFINITY))).isEqualTo("$3\r\ninf\r\n");
        assertThat(encode(2, new Reply.Double(Double.NEGATIVE_INFINITY))).isEqualTo("$4\r\n-inf\r\n");
    }

    @Test
    void formatDouble_matchesPrintfPercent17g() {
        // Expected values are C's printf("%.17g") (glibc).
        assertThat(DoubleFormat.format(100)).isEqualTo("100");
        assertThat(DoubleFormat.format(0.5)).isEqualTo("0.5");
        assertThat(DoubleFormat.format(-2.5)).isEqualTo("-2.5");
        assertThat(DoubleFormat.format(-0.0)).isEqualTo("-0");
        assertThat(DoubleFormat.format(1e16)).isEqualTo("10000000000000000");
        assertThat(DoubleFormat.format(1e17)).isEqualTo("1e+17");
        assertThat(DoubleFormat.format(12345.678)).isEqualTo("12345.678");
        assertThat(DoubleFormat.format(0.1)).isEqualTo("0.10000000000000001");
        assertThat(DoubleFormat.format(0.0001)).isEqualTo("0.0001");
        assertThat(DoubleFormat.format(0.00001)).isEqualTo("1.0000000000000001e-05");
        assertThat(DoubleFormat.format(Double.MIN_VALUE)).isEqualTo("4.9406564584124654e-324");
        assertThat(DoubleFormat.format(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
        assertThat(DoubleFormat.format(3.0)).isEqualTo("3");
        assertThat(DoubleFormat.format(Double.NaN)).isEqualTo("nan");
    }

    @Test
    void encode_booleans_integersInResp2() {
        assertThat(encode(2, new Reply.Bool(true))).isEqualTo(":1\r\n");
        assertThat(encode(2, new Reply.Bool(false))).isEqualTo(":0\r\n");
        assertThat(encode(3, new Reply.Bool(true))).isEqualTo("#t\r\n");
        assertThat(encode(3, new Reply.Bool(false))).isEqualTo("#f\r\n");
    }

    @Test
    void encode_verbatim_bulkOfTheTextInResp2() {
        assertThat(encode(2, new Reply.Verbatim("# Server\r\nx:1"))).isEqualTo("$13\r\n# Server\r\nx:1\r\n");
        assertThat(encode(3, new Reply.Verbatim("# Server\r\nx:1"))).isEqualTo("=17\r\ntxt:# Server\r\nx:1\r\n");
    }

    @Test
    void encode_largeBulk_isWrittenWithoutCopyAndInOrder() {
        byte[] value = new byte[200_000];
        java.util.Arrays.fill(value, (byte) 'v');
        String encoded = encode(2, Reply.OK, Reply.bulk(value), Reply.integer(3));
        assertThat(encoded).isEqualTo("+OK\r\n$200000\r\n" + "v".repeat(200_000) + "\r\n:3\r\n");
    }

    @Test
    void encode_versionMarker_switchesBetweenReplies() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespEncoder());
        channel.write(Reply.NULL_BULK);
        channel.write(RespVersion.RESP3);
        channel.write(Reply.NULL_BULK);
        channel.write(RespVersion.RESP2);
        channel.writeAndFlush(Reply.NULL_BULK);
        assertThat(drain(channel)).isEqualTo("$-1\r\n_\r\n$-1\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void encode_withAPromise_completesItOnceWritten() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespEncoder());
        channel.write(Reply.OK, channel.voidPromise());
        io.netty.channel.ChannelFuture written = channel.write(Reply.integer(5));
        channel.flush();
        assertThat(written.isSuccess()).isTrue();
        assertThat(drain(channel)).isEqualTo("+OK\r\n:5\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void encode_unflushedReplies_areReleasedWhenTheChannelCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespEncoder());
        io.netty.channel.ChannelFuture written = channel.write(Reply.bulk("never flushed"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(written.cause()).as("failed by the close, its buffer released").isNotNull();
    }

    /** Regression: replies merged in the encoder's own buffer were invisible to the water marks. */
    @Test
    void encode_unflushedReplies_countAsPendingBytesOfTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new RespEncoder());
        channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
        channel.write(Reply.bulk("0123456789"), channel.voidPromise()); // $10\r\n0123456789\r\n
        // the reply's 17 bytes, plus what Netty charges for an entry of its outbound buffer
        assertThat(channel.unsafe().outboundBuffer().totalPendingWriteBytes()).isGreaterThanOrEqualTo(17);
        assertThat(channel.isWritable()).as("above the high water mark before any flush").isFalse();
        channel.flush();
        assertThat(drain(channel)).isEqualTo("$10\r\n0123456789\r\n");
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    static String encode(int version, Reply... replies) {
        EmbeddedChannel channel = new EmbeddedChannel(new RespEncoder());
        if (version == 3) {
            channel.write(RespVersion.RESP3, channel.voidPromise());
        }
        for (Reply reply : replies) {
            // The void promise is what the server uses: each reply waits in the outbound buffer until flush.
            channel.write(reply, channel.voidPromise());
        }
        channel.flush();
        String out = drain(channel);
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return out;
    }

    static String drain(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
