package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's {@code !conn} and {@code !sleep}, and the transaction script run on two redis-servers. */
class DifferentialConnectionsTest {

    @Test
    public void multiScript_runAgainstTwoRedisServers_matchesExactly() {
        RespScript script = RespScript.load(RespScript.DIFFERENTIAL_MULTI);
        try (RedisServer reference = RedisServer.start(); RedisServer other = RedisServer.start()) {
            assertThat(new DifferentialRunner(reference, other).run(script))
                    .as("two %s servers differ: the harness or the script is wrong", reference.name()).isEmpty();
        }
    }

    @Test
    public void parse_connAndSleep() {
        List<RespScript.Step> steps = RespScript.parse("t", "!conn 2\nPING\n!sleep 15\n!conn 1\n").steps();
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).isEqualTo(new RespScript.Switch(2, 1, "!conn 2"));
        assertThat(steps.get(2)).isEqualTo(new RespScript.Sleep(15, 3, "!sleep 15"));
        assertThat(RespScript.parse("t", "!conn 2\nPING\n").commandCount()).isEqualTo(1);
    }

    @Test
    public void parse_connOrSleepOutOfRange_fails() {
        assertThatThrownBy(() -> RespScript.parse("s", "!conn 0\n")).hasMessageStartingWith("s:1: ");
        assertThatThrownBy(() -> RespScript.parse("s", "!conn 10\n")).hasMessageContaining("from 1 to 9");
        assertThatThrownBy(() -> RespScript.parse("s", "!sleep 2001\n")).hasMessageContaining("from 0 to 2000");
        assertThatThrownBy(() -> RespScript.parse("s", "!pipeline\n!conn 2\n!end\n"))
                .hasMessageContaining("!conn inside !pipeline");
    }
}
