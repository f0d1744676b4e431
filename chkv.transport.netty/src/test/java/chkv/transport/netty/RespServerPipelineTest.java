package chkv.transport.netty;

import static chkv.transport.netty.RespDecoderTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.RedisException;
import chkv.api.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Decoder, encoder and application together on an embedded channel: Redis's protocol errors byte
 * for byte, the close that follows them, and reply order around deferred replies and failures.
 */
@ExtendWith(LeakCheck.class)
class RespServerPipelineTest {

    private final TestCommands commands = new TestCommands();

    @Test
    void bulkLengthAboveLimit_isRefusedAndClosed() {
        assertRefused("*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertRefused("*1\r\n$-1\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertRefused("*1\r\n$04\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n");
        assertRefused("*1\r\n$" + "1".repeat(70_000), "-ERR Protocol error: too big bulk count string\r\n");
    }

    @Test
    void multibulkCountAboveLimit_isRefusedAndClosed() {
        assertRefused("*1048577\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertRefused("*3000000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertRefused("*01\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertRefused("*" + "1".repeat(70_000), "-ERR Protocol error: too big mbulk count string\r\n");
    }

    @Test
    void inlineAboveLimit_isRefusedAndClosed() {
        assertRefused("A".repeat(70_000), "-ERR Protocol error: too big inline request\r\n");
    }

    @Test
    void badPrefix_isRefusedWithTheByteSeen() {
        assertRefused("*1\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n");
    }

    @Test
    void unbalancedQuotes_areRefusedAndClosed() {
        assertRefused("PING \"a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
        assertRefused("ECHO \"a\"b\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
        assertRefused("ECHO 'a\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    @Test
    void protocolError_afterGoodCommands_followsTheirRepliesAndStopsTheRest() {
        assertRefused("PING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$-1\r\nPING\r\n",
                "+PONG\r\n+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void protocolError_behindDeferredReply_waitsForIt() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("DEFER a\r\nPING\r\n*1\r\nx\r\n")));
        assertThat(RespEncoderTest.drain(channel)).isEmpty();
        assertThat(channel.isOpen()).isTrue();
        commands.future("a").complete(Reply.bulk("late"));
        channel.runPendingTasks();
        assertThat(RespEncoderTest.drain(channel))
                .isEqualTo("$4\r\nlate\r\n+PONG\r\n-ERR Protocol error: expected '$', got 'x'\r\n");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void handlerFailures_becomeErrorRepliesAndTheConnectionStays() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("BOOM\r\nWRONG\r\nPING\r\n")));
        assertThat(RespEncoderTest.drain(channel)).isEqualTo("-ERR boom\r\n"
                + "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n+PONG\r\n");
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void deferredFailures_becomeErrorReplies() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("DEFER a\r\nDEFER b\r\nDEFER c\r\n")));
        commands.future("c").complete(new Reply.Deferred(CompletableFuture.completedFuture(Reply.ONE)));
        commands.future("b").completeExceptionally(new RedisException("MOVED 3999 127.0.0.1:6381"));
        commands.future("a").completeExceptionally(new IllegalStateException("node down"));
        channel.runPendingTasks();
        assertThat(RespEncoderTest.drain(channel)).isEqualTo("-ERR node down\r\n-MOVED 3999 127.0.0.1:6381\r\n:1\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void quit_repliesThenCloses_andIgnoresWhatFollows() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("PING\r\nQUIT\r\nPING\r\n")));
        assertThat(RespEncoderTest.drain(channel)).isEqualTo("+PONG\r\n+OK\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(commands.disconnected).hasValue(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void hello3_switchesFromItsOwnReplyOn_evenBehindADeferredReply() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("NULL\r\nDEFER a\r\nHELLO 3\r\nNULL\r\nHELLO 2\r\nNULL\r\n")));
        commands.future("a").complete(Reply.NULL_BULK);
        channel.runPendingTasks();
        assertThat(RespEncoderTest.drain(channel)).isEqualTo(
                "$-1\r\n$-1\r\n%1\r\n$5\r\nproto\r\n:3\r\n_\r\n*2\r\n$5\r\nproto\r\n:2\r\n$-1\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void manyRepliesBehindADeferredOne_stopReadingUntilItCompletes() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("DEFER a\r\n" + "PING\r\n".repeat(RespServerHandler.MAX_QUEUED))));
        assertThat(channel.config().isAutoRead()).isFalse();
        commands.future("a").complete(Reply.OK);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(RespEncoderTest.drain(channel)).isEqualTo("+OK\r\n" + "+PONG\r\n".repeat(RespServerHandler.MAX_QUEUED));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void emptyMultibulk_isIgnoredLikeRedis() {
        EmbeddedChannel channel = channel(TransportConfigs.small());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("*0\r\n*-5\r\nPING\r\n")));
        assertThat(RespEncoderTest.drain(channel)).isEqualTo("+PONG\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void configuredBulkLimit_isEnforced() {
        EmbeddedChannel channel = channel(new chkv.api.spi.TransportConfig(1, 10, 64, 4, 1024, 1,
                java.util.List.of(), java.util.Map.of()));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("*1\r\n$10\r\n0123456789\r\n*1\r\n$11\r\n")));
        assertThat(RespEncoderTest.drain(channel))
                .isEqualTo("-ERR unknown command '0123456789'\r\n-ERR Protocol error: invalid bulk length\r\n");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
        EmbeddedChannel five = channel(new chkv.api.spi.TransportConfig(1, 10, 64, 4, 1024, 1,
                java.util.List.of(), java.util.Map.of()));
        five.writeInbound(Unpooled.wrappedBuffer(bytes("*5\r\n")));
        assertThat(RespEncoderTest.drain(five)).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        five.finishAndReleaseAll();
    }

    private void assertRefused(String input, String expected) {
        EmbeddedChannel channel = channel(chkv.api.spi.TransportConfig.defaults());
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(input)));
        assertThat(RespEncoderTest.drain(channel)).as(input.length() > 40 ? input.substring(0, 40) : input)
                .isEqualTo(expected);
        assertThat(channel.isOpen()).as("closed after the protocol error").isFalse();
        channel.finishAndReleaseAll();
    }

    private EmbeddedChannel channel(chkv.api.spi.TransportConfig config) {
        return new EmbeddedChannel(
                new RespDecoder(config.maxBulkLength(), config.maxInlineLength(), config.maxMultiBulkLength()),
                new RespEncoder(),
                new RespServerHandler(commands, new RespClients()));
    }
}
