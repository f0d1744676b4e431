package chkv.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The typed API sends Redis's commands and reads Redis's replies, errors as RedisException. */
class KvAsyncTest {
    private final List<String> sent = new ArrayList<>();
    private Reply next = Reply.OK;

    /** A client whose every command is recorded and answered with {@link #next}. */
    private final KvClient client = new KvClient() {
        @Override
        public CompletionStage<Reply> execute(byte[]... command) {
            List<String> words = new ArrayList<>();
            for (byte[] c : command) {
                words.add(new String(c, StandardCharsets.UTF_8));
            }
            sent.add(String.join(" ", words));
            return CompletableFuture.completedFuture(next);
        }

        @Override
        public void close() {}
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void set_withArgs_sendsOptionsInRedisOrder() {
        assertThat(client.set(b("k"), b("v"), SetArgs.none().nx().ex(10))).isTrue();
        next = Reply.NULL_BULK;
        assertThat(client.set(b("k"), b("v"), SetArgs.none().xx().keepttl())).isFalse();
        next = Reply.bulk("old");
        assertThat(client.setGet(b("k"), b("v"), SetArgs.none().pxat(5))).containsExactly(b("old"));
        assertThat(sent).containsExactly("SET k v NX EX 10", "SET k v XX KEEPTTL", "SET k v PXAT 5 GET");
    }

    @Test
    void setArgs_areValues() {
        assertThat(SetArgs.none().nx().ex(5)).isEqualTo(SetArgs.none().ex(5).nx())
                .isNotEqualTo(SetArgs.none().nx().px(5)).hasToString("SetArgs[ NX EX 5 ]");
        assertThat(SetArgs.none().ex(5).keepttl()).isEqualTo(SetArgs.none().keepttl());
    }

    @Test
    void setArgs_nonPositiveExpiry_isRejected() {
        assertThatThrownBy(() -> SetArgs.none().ex(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EX: 0");
    }

    @Test
    void errorReply_becomesRedisExceptionWithRedisWords() {
        next = Reply.error(RedisException.NOT_AN_INTEGER);
        assertThatThrownBy(() -> client.incr(b("k"))).isExactlyInstanceOf(RedisException.class)
                .hasMessage(RedisException.NOT_AN_INTEGER);
        assertThat(client.async().incr(b("k")).toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    void replies_areConvertedToTheirTypes() {
        next = Reply.integer(2);
        assertThat(client.del(b("a"), b("b"))).isEqualTo(2);
        next = Reply.ONE;
        assertThat(client.expire(b("a"), 5)).isTrue();
        next = Reply.bulk("1.5");
        assertThat(client.incrbyfloat(b("f"), 1.5)).isEqualTo(1.5);
        next = new Reply.Array(List.of(Reply.bulk("x"), Reply.NULL_BULK));
        assertThat(client.mget(b("a"), b("b"))).containsExactly(b("x"), null);
        next = new Reply.Array(List.of(Reply.bulk("42"), new Reply.Array(List.of(Reply.bulk("k")))));
        ScanResult page = client.scan(ScanResult.START, b("k*"), 100);
        assertThat(page.cursor()).isEqualTo("42");
        assertThat(page.finished()).isFalse();
        assertThat(page.keys()).containsExactly(b("k"));
        assertThat(sent).containsExactly("DEL a b", "EXPIRE a 5", "INCRBYFLOAT f 1.5", "MGET a b",
                "SCAN 0 MATCH k* COUNT 100");
    }

    @Test
    void unexpectedReply_failsNamingWhatWasExpected() {
        next = Reply.OK;
        assertThatThrownBy(() -> client.ttl(b("k"))).isInstanceOf(ChkvException.class)
                .hasMessageContaining("expected: an integer");
    }

    @Test
    void mset_oddArguments_isRejected() {
        assertThatThrownBy(() -> client.mset(b("k"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(sent).isEmpty();
    }

    @Test
    void connect_unknownScheme_listsTheSchemesServed() {
        assertThatThrownBy(() -> KvClient.connect("nope://127.0.0.1:1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("client URI scheme: nope (expected one of: ");
    }
}
