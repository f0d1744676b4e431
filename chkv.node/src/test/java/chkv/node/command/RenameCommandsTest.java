package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenameCommandsTest extends CommandFixture {

    @Test
    void rename_movesTheValueAndItsTtl() {
        run("set", "a", "v", "px", "5000");
        run("set", "b", "old");
        assertRun(ok(), "rename", "a", "b");
        assertRun(integer(0), "exists", "a");
        assertRun(bulk("v"), "get", "b");
        assertRun(integer(5000), "pttl", "b");
        clock.advance(5000);
        assertRun(integer(0), "exists", "b");
    }

    @Test
    void rename_withoutTtl_leavesTheTargetWithoutOne() {
        run("set", "a", "v");
        run("set", "b", "old", "ex", "100");
        assertRun(ok(), "rename", "a", "b");
        assertRun(integer(-1), "ttl", "b");
    }

    @Test
    void rename_missingSource_isAnErrorEvenToItself() {
        assertRun(err("ERR no such key"), "rename", "nope", "b");
        assertRun(err("ERR no such key"), "rename", "nope", "nope");
        assertRun(err("ERR no such key"), "renamenx", "nope", "nope");
        run("set", "b", "x");
        assertRun(err("ERR no such key"), "renamenx", "nope", "b");
    }

    @Test
    void rename_toItself_changesNothing() {
        run("set", "a", "v", "ex", "100");
        assertRun(ok(), "rename", "a", "a");
        assertRun(integer(0), "renamenx", "a", "a");
        assertRun(bulk("v"), "get", "a");
        assertRun(integer(100), "ttl", "a");
    }

    @Test
    void renamenx_onlyWhenTheTargetIsAbsent() {
        run("set", "a", "1");
        run("set", "b", "2");
        assertRun(integer(0), "renamenx", "a", "b");
        assertRun(bulk("1"), "get", "a");
        assertRun(bulk("2"), "get", "b");
        assertRun(integer(1), "renamenx", "a", "c");
        assertRun(integer(0), "exists", "a");
        assertRun(bulk("1"), "get", "c");
    }

    @Test
    void copy_keepsTheSourceAndCopiesTheTtl() {
        run("set", "a", "v", "px", "3000");
        assertRun(integer(1), "copy", "a", "b");
        assertRun(bulk("v"), "get", "a");
        assertRun(bulk("v"), "get", "b");
        assertRun(integer(3000), "pttl", "b");
        run("set", "b", "other");
        assertRun(integer(0), "copy", "a", "b");
        assertRun(bulk("other"), "get", "b");
        assertRun(integer(1), "copy", "a", "b", "REPLACE");
        assertRun(bulk("v"), "get", "b");
        assertRun(integer(0), "copy", "missing", "b", "replace");
    }

    @Test
    void copy_options_asRedis() {
        run("set", "a", "v");
        assertRun(err("ERR source and destination objects are the same"), "copy", "a", "a");
        assertRun(integer(1), "copy", "a", "b", "db", "0");
        assertRun(err("ERR DB index is out of range"), "copy", "a", "c", "db", "1");
        assertRun(err("ERR DB index is out of range"), "copy", "a", "c", "db", "-1");
        assertRun(err("ERR value is not an integer or out of range"), "copy", "a", "c", "db", "x");
        assertRun(err("ERR value is out of range, value must between -2147483648 and 2147483647"),
                "copy", "a", "c", "db", "4294967296");
        assertRun(err("ERR syntax error"), "copy", "a", "c", "db");
        assertRun(err("ERR syntax error"), "copy", "a", "c", "replace", "extra");
    }

    @Test
    void rename_runsAlone_anotherClientAlwaysSeesExactlyOneKey() throws Exception {
        run("set", "a", "v");
        FakeSession reader = connect();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
        Thread readerThread = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 200_000 && !done.get(); i++) {
                if (!runOn(reader, "exists", "a", "b").equals(integer(1))) {
                    wrong.incrementAndGet();
                }
            }
        });
        for (int i = 0; i < 20_000; i++) {
            run("rename", i % 2 == 0 ? "a" : "b", i % 2 == 0 ? "b" : "a");
        }
        done.set(true);
        readerThread.join(10_000);
        assertThat(readerThread.isAlive()).isFalse();
        assertThat(wrong.get()).isZero();
    }

    @Test
    void rename_andCopy_insideATransaction() {
        run("set", "a", "v");
        assertRun(ok(), "multi");
        assertRun("+QUEUED\r\n", "rename", "a", "b");
        assertRun("+QUEUED\r\n", "copy", "b", "c");
        assertRun(array(ok(), integer(1)), "exec");
        assertRun(bulk("v"), "get", "c");
    }

    @Test
    void touch_countsTheLiveKeysNamed() {
        run("mset", "a", "1", "b", "2");
        assertRun(integer(3), "touch", "a", "b", "a", "missing");
        assertRun(err("ERR wrong number of arguments for 'touch' command"), "touch");
    }
}
