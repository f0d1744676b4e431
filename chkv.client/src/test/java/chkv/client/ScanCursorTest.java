package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.RedisException;
import org.junit.jupiter.api.Test;

/** The cluster's SCAN cursor: node index times 2^64 plus the node's unsigned cursor, in decimal. */
class ScanCursorTest {

    @Test
    void firstNode_cursorIsTheNodesOwn() {
        assertThat(ScanCursor.parse("0", 3)).isEqualTo(ScanCursor.START);
        assertThat(new ScanCursor(0, 42).text()).isEqualTo("42");
        assertThat(new ScanCursor(0, -1).text()).isEqualTo("18446744073709551615");
    }

    @Test
    void laterNodes_encodeTheirIndexAbove64Bits_andRoundTrip() {
        ScanCursor c = new ScanCursor(2, -2);
        assertThat(c.text()).isEqualTo("55340232221128654846"); // 2 * 2^64 + 2^64 - 2
        assertThat(ScanCursor.parse(c.text(), 3)).isEqualTo(c);
        assertThat(ScanCursor.parse(new ScanCursor(1, 0).text(), 2)).isEqualTo(new ScanCursor(1, 0));
    }

    @Test
    void next_movesToTheNextNodeWhenOneIsDone_andEndsAfterTheLast() {
        assertThat(new ScanCursor(0, 5).next(9, 3)).isEqualTo(new ScanCursor(0, 9));
        assertThat(new ScanCursor(0, 5).next(0, 3)).isEqualTo(new ScanCursor(1, 0));
        assertThat(new ScanCursor(2, 5).next(0, 3)).isEqualTo(ScanCursor.START);
        assertThat(ScanCursor.START.next(0, 1).text()).isEqualTo("0");
    }

    @Test
    void parse_rejectsWhatIsNotOurs_withRedisError() {
        for (String bad : new String[] {"", "x", "-1", "1.5", "36893488147419103232"}) { // the last is node 2 of 2
            assertThatThrownBy(() -> ScanCursor.parse(bad, 2)).as(bad).isInstanceOf(RedisException.class)
                    .hasMessage("ERR invalid cursor");
        }
    }
}
