package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLinesTest {

    @Test
    void split_asRedisSdssplitargs() {
        assertThat(ConfigLines.split("  maxmemory   100mb ")).containsExactly("maxmemory", "100mb");
        assertThat(ConfigLines.split("requirepass \"a b\\\"c\\x41\\n\"")).containsExactly("requirepass", "a b\"cA\n");
        assertThat(ConfigLines.split("requirepass 'it\\'s'")).containsExactly("requirepass", "it's");
        assertThat(ConfigLines.split("save \"\"")).containsExactly("save", "");
        assertThat(ConfigLines.split("")).isEmpty();
    }

    @Test
    void split_unbalancedOrGluedQuotes_isNull() {
        assertThat(ConfigLines.split("requirepass \"open")).isNull();
        assertThat(ConfigLines.split("requirepass 'open")).isNull();
        assertThat(ConfigLines.split("requirepass \"a\"b")).isNull();
    }

    @Test
    void repr_readsBackAsTheSameValue() {
        for (String value : List.of("plain", "a b", "q\"uote", "back\\slash", "nl\nand\ttab", "\u0001\u00ff")) {
            String line = "requirepass " + ConfigLines.repr(value);
            assertThat(ConfigLines.split(line)).containsExactly("requirepass", value);
        }
        assertThat(ConfigLines.repr("a \"b\"")).isEqualTo("\"a \\\"b\\\"\"");
    }
}
