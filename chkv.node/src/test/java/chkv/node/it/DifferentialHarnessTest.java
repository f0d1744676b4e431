package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.node.it.RespScript.Command;
import chkv.node.it.RespScript.Compare;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential harness checked on its own: the script parser, the reply reader, the relaxed
 * comparisons, and the whole script run against two redis-servers, where any difference is a
 * harness bug (a reply that depends on time or on the process, left unmarked).
 */
class DifferentialHarnessTest {

    @Test
    public void script_runAgainstTwoRedisServers_matchesExactly() {
        RespScript script = RespScript.load(RespScript.DIFFERENTIAL);
        try (RedisServer reference = RedisServer.start(); RedisServer other = RedisServer.start()) {
            List<DifferentialRunner.Mismatch> mismatches =
                    new DifferentialRunner(reference, other).run(script);
            assertThat(mismatches).as("two %s servers differ: the harness is wrong", reference.name())
                    .isEmpty();
        }
    }

    @Test
    public void authScript_runAgainstTwoRedisServersWithAPassword_matchesExactly() {
        RespScript script = RespScript.load(RespScript.DIFFERENTIAL_AUTH);
        try (RedisServer reference = RedisServer.start("--requirepass", RespScript.PASSWORD);
                RedisServer other = RedisServer.start("--requirepass", RespScript.PASSWORD)) {
            assertThat(new DifferentialRunner(reference, other).run(script))
                    .as("two %s servers differ: the harness is wrong", reference.name()).isEmpty();
        }
    }

    @Test
    public void tokenize_quotesEscapesAndRepetition() {
        List<byte[]> tokens = ScriptTokenizer.tokenize("SET \"a b\\r\\n\\x00\\\"\" 'it\\'s \\n' \"ab\"*3 bare\\x");
        assertThat(tokens).extracting(t -> new String(t, StandardCharsets.ISO_8859_1))
                .containsExactly("SET", "a b\r\n\0\"", "it's \\n", "ababab", "bare\\x");
    }

    @Test
    public void tokenize_unbalancedQuote_fails() {
        assertThatThrownBy(() -> ScriptTokenizer.tokenize("SET \"abc")).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> ScriptTokenizer.tokenize("SET \"a\"b")).hasMessageContaining("whitespace");
    }

    @Test
    public void parse_directivesMarksAndPipelines() {
        RespScript script = RespScript.parse("t", """
                # comment
                @sorted KEYS *
                @within:5 TTL k
                !pipeline
                GET a
                @shape TIME
                !end
                !raw 2 "PING\\r\\n" "PING\\r\\n"
                !close "*1\\r\\n$x\\r\\n"
                !abandon "*1\\r\\n"
                !reconnect
                """);
        assertThat(script.steps()).hasSize(7);
        assertThat(((Command) script.steps().get(1)).tolerance()).isEqualTo(5);
        assertThat(script.steps().get(2)).isInstanceOfSatisfying(RespScript.Pipeline.class,
                p -> assertThat(p.commands()).extracting(Command::compare)
                        .containsExactly(Compare.EXACT, Compare.SHAPE));
        assertThat(script.steps().get(3)).isInstanceOfSatisfying(RespScript.Raw.class,
                r -> assertThat(new String(r.bytes(), StandardCharsets.US_ASCII)).isEqualTo("PING\r\nPING\r\n"));
        assertThat(script.commandCount()).isEqualTo(1 + 1 + 2 + 2 + 1);
    }

    @Test
    public void parse_malformedLine_namesTheLine() {
        assertThatThrownBy(() -> RespScript.parse("s", "PING\n@nosuch GET k\n"))
                .hasMessageStartingWith("s:2: ");
        assertThatThrownBy(() -> RespScript.parse("s", "!pipeline\nPING\n"))
                .hasMessageContaining("without !end");
        assertThatThrownBy(() -> RespScript.parse("s", "!pipeline\n@scan SCAN 0\n!end\n"))
                .hasMessageContaining("@scan inside");
    }

    @Test
    public void read_everyResp3Type_keepsTheRawBytes() throws IOException {
        String wire = "%2\r\n+a\r\n:1\r\n$3\r\nb\r\n\r\n_\r\n*-1\r\n$-1\r\n_\r\n,1.5\r\n#t\r\n(12\r\n!3\r\nerr\r\n"
                + "=7\r\ntxt:abc\r\n~1\r\n-ERR x\r\n>1\r\n:2\r\n|1\r\n+k\r\n+v\r\n:9\r\n";
        ByteArrayInputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII));
        Resp map = Resp.read(in);
        assertThat(map.elements()).hasSize(4);
        assertThat(map.elements().get(2).text()).isEqualTo("b\r\n");
        assertThat(new String(map.raw(), StandardCharsets.US_ASCII)).isEqualTo("%2\r\n+a\r\n:1\r\n$3\r\nb\r\n\r\n_\r\n");
        assertThat(Resp.read(in).elements()).isNull();
        assertThat(Resp.read(in).payload()).isNull();
        for (char type : new char[] {'_', ',', '#', '(', '!', '=', '~', '>'}) {
            assertThat((char) Resp.read(in).type()).isEqualTo(type);
        }
        Resp attributed = Resp.read(in);
        assertThat((char) attributed.type()).isEqualTo(':');
        assertThat(new String(attributed.raw(), StandardCharsets.US_ASCII)).isEqualTo("|1\r\n+k\r\n+v\r\n:9\r\n");
        assertThatThrownBy(() -> Resp.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    public void read_garbage_isAProtocolViolation() {
        assertThatThrownBy(() -> Resp.read(new ByteArrayInputStream("hello\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(Resp.ProtocolViolation.class);
        assertThatThrownBy(() -> Resp.read(new ByteArrayInputStream("$3\r\nabcde".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(Resp.ProtocolViolation.class);
    }

    @Test
    public void matches_relaxesOnlyWhatTheMarkSays() throws IOException {
        Command sorted = command("@sorted KEYS *");
        Command exact = command("KEYS *");
        Command within = command("@within:1 TTL k");
        Command shape = command("@shape TIME");
        assertThat(ReplyComparison.matches(sorted, reply("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), reply("*2\r\n$1\r\nb\r\n$1\r\na\r\n"))).isTrue();
        assertThat(ReplyComparison.matches(sorted, reply("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), reply("*2\r\n$1\r\nb\r\n$1\r\nb\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(exact, reply("*2\r\n$1\r\na\r\n$1\r\nb\r\n"), reply("*2\r\n$1\r\nb\r\n$1\r\na\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(within, reply(":100\r\n"), reply(":99\r\n"))).isTrue();
        assertThat(ReplyComparison.matches(within, reply(":100\r\n"), reply(":98\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(within, reply(":-1\r\n"), reply(":0\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(shape, reply("*2\r\n$1\r\n1\r\n$2\r\n22\r\n"), reply("*2\r\n$3\r\n333\r\n$1\r\n4\r\n"))).isTrue();
        assertThat(ReplyComparison.matches(shape, reply("*2\r\n$1\r\n1\r\n$2\r\n22\r\n"), reply("*2\r\n$1\r\n1\r\n:2\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(shape, reply("*2\r\n$1\r\n1\r\n$2\r\n22\r\n"), reply("*1\r\n$1\r\n1\r\n"))).isFalse();
        assertThat(ReplyComparison.matches(shape, reply("%1\r\n$1\r\nk\r\n:1\r\n"), reply("%1\r\n$1\r\nk\r\n:2\r\n"))).isTrue();
        assertThat(ReplyComparison.matches(shape, reply("%1\r\n$1\r\nk\r\n:1\r\n"), reply("%1\r\n$1\r\nj\r\n:1\r\n"))).isFalse();
    }

    private static Command command(String line) {
        return (Command) RespScript.parse("t", line).steps().getFirst();
    }

    private static Outcome reply(String wire) throws IOException {
        return new Outcome.Replied(
                Resp.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII))));
    }
}
