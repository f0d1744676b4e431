package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CommandTableTest {
    private final CommandTable table = CommandTable.standard();

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lookup_findsEveryCommandInAnyAsciiCase() {
        for (CommandSpec spec : table.commands()) {
            String name = spec.name();
            assertThat(table.lookup(latin1(name))).as(name).isSameAs(spec);
            assertThat(table.lookup(latin1(name.toUpperCase(Locale.ROOT)))).as(name).isSameAs(spec);
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
            }
            assertThat(table.lookup(latin1(mixed.toString()))).as(mixed.toString()).isSameAs(spec);
        }
    }

    @Test
    void lookup_missesNamesThatAreNotCommands() {
        for (String name : List.of("", "g", "gett", "ge", "xyzzy", "set ", " set", "get\0", "client|list")) {
            assertThat(table.lookup(latin1(name))).as("'%s'", name).isNull();
        }
        // only ASCII letters fold: a Latin-1 letter is not its ASCII look-alike
        assertThat(table.lookup(new byte[] {'g', 'e', (byte) 0xD4})).isNull();
        assertThat(table.lookup(new byte[] {(byte) 0xC7, 'E', 'T'})).isNull();
        // '@' + 32 is '`' and '[' - 32 is ';': only A-Z fold
        assertThat(table.lookup(latin1("GE@"))).isNull();
        assertThat(table.lookup(latin1("[et"))).isNull();
    }

    @Test
    void lookupFull_findsSubcommands() {
        assertThat(table.lookupFull("CLIENT|List").name()).isEqualTo("client|list");
        assertThat(table.lookupFull("get").name()).isEqualTo("get");
        assertThat(table.lookupFull("client|nope")).isNull();
    }

    @Test
    void constructor_rejectsDuplicateNames() {
        CommandSpec get = table.lookupFull("get");
        assertThatThrownBy(() -> new CommandTable(List.of(get, get)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("get twice");
    }
}
