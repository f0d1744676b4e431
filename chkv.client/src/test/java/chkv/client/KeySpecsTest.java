package chkv.client;

import static chkv.client.FakeNode.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ChkvException;
import chkv.api.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key positions from Redis's COMMAND reply: first key, last key, step; subcommands by name. */
class KeySpecsTest {

    private static Reply entry(String name, int arity, int first, int last, int step, Reply... subs) {
        return new Reply.Array(List.of(Reply.bulk(name), Reply.integer(arity),
                new Reply.Aggregate(Reply.Aggregate.Kind.SET, List.of(new Reply.Simple("readonly"))),
                Reply.integer(first), Reply.integer(last), Reply.integer(step),
                new Reply.Aggregate(Reply.Aggregate.Kind.SET, List.of()), Reply.EMPTY_ARRAY, Reply.EMPTY_ARRAY,
                subs.length == 0 ? new Reply.Aggregate(Reply.Aggregate.Kind.SET, List.of()) : new Reply.Array(List.of(subs))));
    }

    private final KeySpecs specs = KeySpecs.parse(new Reply.Array(List.of(
            entry("get", 2, 1, 1, 1), entry("mset", -3, 1, -1, 2), entry("del", -2, 1, -1, 1),
            entry("ping", -1, 0, 0, 0),
            entry("object", -2, 0, 0, 0, entry("object|encoding", 3, 2, 2, 1), entry("object|help", 2, 0, 0, 0)))));

    private int[] positions(String... words) {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = b(words[i]);
        }
        return specs.keyPositions(args);
    }

    @Test
    void keyPositions_followFirstLastStep() {
        assertThat(positions("GET", "k")).containsExactly(1);
        assertThat(positions("mset", "a", "1", "b", "2")).containsExactly(1, 3);
        assertThat(positions("DEL", "a", "b", "c")).containsExactly(1, 2, 3);
        assertThat(positions("PING")).isEmpty();
    }

    @Test
    void name_inAnyCase_isTheTablesOwnString_andAnUnknownOneIsLowerCased() {
        String get = specs.name(b("get"));
        assertThat(get).isEqualTo("get");
        assertThat(specs.name(b("GET"))).isSameAs(get);
        assertThat(specs.name(b("gEt"))).isSameAs(get);
        assertThat(specs.name(b("MSET"))).isEqualTo("mset");
        assertThat(specs.name(b("GETX"))).isEqualTo("getx");
        assertThat(specs.name(b("GE"))).isEqualTo("ge");
        assertThat(specs.name(b(""))).isEmpty();
        assertThat(specs.name(b("G\u00c9T"))).isEqualTo("g\u00e9t");
    }

    @Test
    void keyPositions_ofASubcommand_areItsOwn() {
        assertThat(positions("OBJECT", "ENCODING", "k")).containsExactly(2);
        assertThat(positions("OBJECT", "HELP")).isEmpty();
        assertThat(positions("OBJECT", "NOSUCH")).isEmpty();
    }

    @Test
    void keyPositions_ofAnUnknownCommand_areUnknown() {
        assertThat(positions("NOSUCH", "k")).isNull();
    }

    @Test
    void keyPositions_ofAShortCall_stayWithinIt() {
        assertThat(positions("GET")).isEmpty();
    }

    @Test
    void parse_rejectsWhatIsNotACommandTable() {
        assertThatThrownBy(() -> KeySpecs.parse(Reply.OK)).isInstanceOf(ChkvException.class);
        assertThatThrownBy(() -> KeySpecs.parse(Reply.EMPTY_ARRAY)).isInstanceOf(ChkvException.class)
                .hasMessageContaining("no commands");
    }
}
