package chkv.node.command;

import org.junit.jupiter.api.Test;

class CounterCommandsTest extends CommandFixture {

    @Test
    void incrDecr_fromMissingKey() {
        assertRun(integer(1), "incr", "n");
        assertRun(integer(11), "incrby", "n", "10");
        assertRun(integer(10), "decr", "n");
        assertRun(integer(-5), "decrby", "n", "15");
        assertRun(bulk("-5"), "get", "n");
    }

    @Test
    void incr_keepsExpiry() {
        run("set", "n", "1", "ex", "100");
        run("incr", "n");
        assertRun(integer(100), "ttl", "n");
    }

    @Test
    void incr_errors() {
        run("set", "k", "v");
        assertRun(err("ERR value is not an integer or out of range"), "incr", "k");
        assertRun(err("ERR value is not an integer or out of range"), "incrby", "n", "abc");
        assertRun(err("ERR value is not an integer or out of range"), "incrby", "n", " 1");
        run("set", "max", "9223372036854775807");
        assertRun(err("ERR increment or decrement would overflow"), "incr", "max");
        assertRun(err("ERR decrement would overflow"), "decrby", "n", "-9223372036854775808");
    }

    @Test
    void incrByFloat_formatsAsRedis() {
        assertRun(bulk("1.5"), "incrbyfloat", "f", "1.5");
        assertRun(bulk("1.6"), "incrbyfloat", "f", "0.1");
        assertRun(bulk("5000"), "incrbyfloat", "g", "5.0e3");
        assertRun(err("ERR value is not a valid float"), "incrbyfloat", "f", "abc");
        assertRun(err("ERR increment would produce NaN or Infinity"), "incrbyfloat", "f", "inf");
    }
}
