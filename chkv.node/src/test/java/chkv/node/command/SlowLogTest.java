package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlowLogTest extends CommandFixture {
    private static final String PEER = bulk("127.0.0.1:50000");

    @BeforeEach
    void logEverything() {
        server.slowLog().logSlowerThan(0);
    }

    /** At the fixture's clock (whole seconds), taking 1 µs as every command of the fixture. */
    private String entry(long id, String... args) {
        return "*6\r\n" + integer(id) + integer(clock.millis() / 1000) + integer(1) + array(args) + PEER + bulk("");
    }

    @Test
    void get_listsTheNewestFirstInRedisShape() {
        run("set", "k", "v");
        run("get", "k");
        assertRun(array(entry(1, bulk("get"), bulk("k")), entry(0, bulk("set"), bulk("k"), bulk("v"))),
                "slowlog", "get");
        assertRun(integer(3), "slowlog", "len"); // the GET above is logged too
        assertRun(array(entry(3, bulk("slowlog"), bulk("len"))), "slowlog", "get", "1");
    }

    @Test
    void get_countDefaultsTo10AndMinusOneMeansAll() {
        for (int i = 0; i < 12; i++) {
            run("ping");
        }
        assertThat(run("slowlog", "get")).startsWith("*10\r\n");
        assertThat(run("slowlog", "get", "-1")).startsWith("*13\r\n");
        assertRun(err("ERR count should be greater than or equal to -1"), "slowlog", "get", "-2");
        assertRun(err("ERR count should be greater than or equal to -1"), "slowlog", "get", "x");
        assertRun(err("ERR unknown subcommand or wrong number of arguments for 'GeT'. Try SLOWLOG HELP."),
                "slowlog", "GeT", "1", "2");
    }

    @Test
    void entries_clipArgumentsAndLongStringsAsRedis() {
        String[] mset = new String[35];
        mset[0] = "mset";
        for (int i = 1; i < mset.length; i++) {
            mset[i] = Integer.toString(i);
        }
        run(mset);
        run("set", "k", "a".repeat(150));
        String[] expected = new String[32];
        for (int i = 0; i < 31; i++) {
            expected[i] = bulk(mset[i]);
        }
        expected[31] = bulk("... (4 more arguments)");
        assertRun(array(entry(1, bulk("set"), bulk("k"), bulk("a".repeat(128) + "... (22 more bytes)")),
                entry(0, expected)), "slowlog", "get", "2");
    }

    @Test
    void entries_redactPasswordsAndCarryTheClientName() {
        run("client", "setname", "me");
        run("auth", "secret");
        run("hello", "3", "auth", "default", "pw", "setname", "me");
        run("hello", "2");
        String me = bulk("me");
        String got = run("slowlog", "get", "3");
        assertThat(got).contains(array(bulk("hello"), bulk("3"), bulk("auth"), bulk("(redacted)"),
                bulk("(redacted)"), bulk("setname"), bulk("me")) + PEER + me)
                .contains(array(bulk("auth"), bulk("(redacted)")) + PEER + me)
                .doesNotContain("secret").doesNotContain("pw");
    }

    @Test
    void exec_isNotLoggedButItsCommandsAre() {
        run("multi");
        run("set", "a", "1");
        run("exec");
        assertRun(array(entry(1, bulk("set"), bulk("a"), bulk("1")), entry(0, bulk("multi"))),
                "slowlog", "get");
    }

    @Test
    void threshold_logsFromItAndNegativeDisables() {
        server.slowLog().logSlowerThan(2);
        run("ping");
        assertRun(integer(0), "slowlog", "len");
        server.slowLog().logSlowerThan(1);
        run("ping");
        server.slowLog().logSlowerThan(-1);
        run("ping");
        assertRun(integer(1), "slowlog", "len");
    }

    @Test
    void maxLen_keepsTheNewestAndTrimsAtOnce() {
        for (int i = 0; i < 5; i++) {
            run("ping");
        }
        server.slowLog().maxLen(2);
        assertRun(integer(2), "slowlog", "len");
        assertThat(run("slowlog", "get")).startsWith("*2\r\n*6\r\n" + integer(5));
        server.slowLog().logSlowerThan(-1);
        assertRun(ok(), "slowlog", "reset");
        assertRun(integer(0), "slowlog", "len");
        assertThatThrownBy(() -> server.slowLog().maxLen(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slowlog-max-len: -1 (expected: >= 0)");
    }

    @Test
    void defaults_areRedis() {
        SlowLog log = new SlowLog();
        assertThat(log.logSlowerThan()).isEqualTo(10_000);
        assertThat(log.maxLen()).isEqualTo(128);
    }
}
