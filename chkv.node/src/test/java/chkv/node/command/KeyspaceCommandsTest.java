package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyspaceCommandsTest extends CommandFixture {

    @Test
    void del_unlink_exists() {
        run("mset", "a", "1", "b", "2", "c", "3");
        assertRun(integer(3), "exists", "a", "a", "b");
        assertRun(integer(2), "del", "a", "b", "x");
        assertRun(integer(1), "unlink", "c");
        assertRun(integer(0), "exists", "a", "b", "c");
    }

    @Test
    void type_stringOrNone() {
        run("set", "k", "v");
        assertRun("+string\r\n", "type", "k");
        assertRun("+none\r\n", "type", "missing");
    }

    @Test
    void keys_byPattern() {
        run("mset", "user:1", "a", "user:2", "b", "order:1", "c");
        assertThat(keysOf(reply(session, "keys", "user:*"))).containsExactlyInAnyOrder("user:1", "user:2");
        assertThat(keysOf(reply(session, "keys", "*"))).hasSize(3);
    }

    @Test
    void dbsize_flushall_flushdb() {
        run("mset", "a", "1", "b", "2");
        assertRun(integer(2), "dbsize");
        assertRun(ok(), "flushall", "async");
        assertRun(integer(0), "dbsize");
        run("set", "a", "1");
        assertRun(ok(), "FLUSHDB", "SYNC");
        assertRun(integer(0), "dbsize");
        assertRun(err("ERR syntax error"), "flushall", "foo");
        assertRun(err("ERR syntax error"), "flushdb", "async", "sync");
    }

    @Test
    void scan_visitsEveryKeyOnce() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            run("set", "key:" + i, "v");
            expected.add("key:" + i);
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<Reply> page = ((Reply.Array) reply(session, "scan", cursor, "count", "50")).items();
            cursor = text(page.get(0));
            seen.addAll(keysOf(page.get(1)));
            assertThat(++steps).isLessThan(10_000);
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void scan_matchAndType() {
        run("mset", "a1", "x", "b1", "x");
        assertThat(scanAll("match", "a*")).containsExactly("a1");
        assertThat(scanAll("type", "STRING")).containsExactlyInAnyOrder("a1", "b1");
        assertThat(scanAll("type", "hash")).isEmpty();
    }

    @Test
    void scan_errors() {
        assertRun(err("ERR invalid cursor"), "scan", "abc");
        assertRun(err("ERR invalid cursor"), "scan", " 0");
        assertRun(err("ERR invalid cursor"), "scan", "18446744073709551616");
        assertRun(err("ERR syntax error"), "scan", "0", "count", "0");
        assertRun(err("ERR syntax error"), "scan", "0", "match");
        assertRun(err("ERR syntax error"), "scan", "0", "foo", "bar");
        assertRun(err("ERR value is not an integer or out of range"), "scan", "0", "count", "abc");
    }

    @Test
    void parseCursor_asStrtoul() {
        assertThat(KeyspaceCommands.parseCursor(b("+7"))).isEqualTo(7);
        assertThat(KeyspaceCommands.parseCursor(b("-1"))).isEqualTo(-1L);
        assertThat(KeyspaceCommands.parseCursor(b("18446744073709551615"))).isEqualTo(-1L);
        assertThat(KeyspaceCommands.parseCursor(b(""))).isZero();
        for (String bad : new String[] {"+", "1a", "0x1"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyspaceCommands.parseCursor(b(bad)))
                    .isInstanceOf(RedisException.class).hasMessage("ERR invalid cursor");
        }
    }

    @Test
    void randomKey_oneOfTheKeysOrNil() {
        assertRun(nil(), "randomkey");
        run("mset", "a", "1", "b", "2", "c", "3");
        for (int i = 0; i < 20; i++) {
            assertThat(text(reply(session, "randomkey"))).isIn("a", "b", "c");
        }
    }

    private Set<String> scanAll(String... options) {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        for (int steps = 0; steps == 0 || !cursor.equals("0"); steps++) {
            assertThat(steps).isLessThan(10_000);
            String[] args = new String[options.length + 2];
            args[0] = "scan";
            args[1] = cursor;
            System.arraycopy(options, 0, args, 2, options.length);
            List<Reply> page = ((Reply.Array) reply(session, args)).items();
            cursor = text(page.get(0));
            seen.addAll(keysOf(page.get(1)));
        }
        return seen;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(Reply r) {
        return new String(((Reply.Bulk) r).value(), StandardCharsets.ISO_8859_1);
    }

    private static List<String> keysOf(Reply r) {
        return ((Reply.Array) r).items().stream().map(KeyspaceCommandsTest::text).toList();
    }
}
