package chkv.node.command;

import org.junit.jupiter.api.Test;

class ExpiryCommandsTest extends CommandFixture {

    @Test
    void expire_relativeAndAbsolute() {
        long now = clock.millis();
        run("mset", "a", "1", "b", "1", "c", "1", "d", "1");
        assertRun(integer(1), "expire", "a", "10");
        assertRun(integer(1), "pexpire", "b", "1500");
        assertRun(integer(1), "expireat", "c", Long.toString(now / 1000 + 50));
        assertRun(integer(1), "pexpireat", "d", Long.toString(now + 777));
        assertRun(integer(10), "ttl", "a");
        assertRun(integer(1500), "pttl", "b");
        assertRun(integer(now / 1000 + 50), "expiretime", "c");
        assertRun(integer(now + 777), "pexpiretime", "d");
        assertRun(integer(0), "expire", "missing", "10");
    }

    @Test
    void ttl_roundsToNearestSecond() {
        run("set", "k", "v", "px", "1499");
        assertRun(integer(1), "ttl", "k");
        run("set", "k", "v", "px", "1500");
        assertRun(integer(2), "ttl", "k");
    }

    @Test
    void expiretime_roundsToNearestSecondAsRedis_evenNearLongMax() {
        run("set", "k", "v");
        assertRun(integer(1), "pexpireat", "k", "4102444800999");
        assertRun(integer(4102444801L), "expiretime", "k");
        assertRun(integer(1), "pexpireat", "k", "4102444800499");
        assertRun(integer(4102444800L), "expiretime", "k");
        run("set", "k", "v", "pxat", Long.toString(Long.MAX_VALUE));
        assertRun(integer(9223372036854776L), "expiretime", "k");
    }

    @Test
    void ttl_missingAndPersistent() {
        run("set", "k", "v");
        assertRun(integer(-1), "ttl", "k");
        assertRun(integer(-1), "pexpiretime", "k");
        assertRun(integer(-2), "ttl", "missing");
        assertRun(integer(-2), "expiretime", "missing");
    }

    @Test
    void expire_inThePastDeletes() {
        run("set", "k", "v");
        assertRun(integer(1), "expire", "k", "-5");
        assertRun(integer(-2), "ttl", "k");
        run("set", "k", "v");
        assertRun(integer(1), "expireat", "k", "0");
        assertRun(integer(0), "exists", "k");
    }

    @Test
    void expire_conditions() {
        run("set", "k", "v");
        assertRun(integer(0), "expire", "k", "10", "xx");
        assertRun(integer(0), "expire", "k", "10", "gt");
        assertRun(integer(1), "expire", "k", "10", "nx");
        assertRun(integer(0), "expire", "k", "20", "nx");
        assertRun(integer(1), "expire", "k", "20", "gt");
        assertRun(integer(0), "expire", "k", "30", "lt");
        assertRun(integer(1), "expire", "k", "5", "LT");
        assertRun(integer(5), "ttl", "k");
    }

    @Test
    void expire_optionErrorsComeBeforeTheNumber() {
        run("set", "k", "v");
        String incompatible = err("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertRun(incompatible, "expire", "k", "10", "nx", "xx");
        assertRun(incompatible, "expire", "k", "10", "nx", "gt");
        assertRun(err("ERR GT and LT options at the same time are not compatible"), "expire", "k", "10", "gt", "lt");
        assertRun(err("ERR Unsupported option foo"), "expire", "k", "abc", "foo");
        assertRun(err("ERR value is not an integer or out of range"), "expire", "k", "abc");
    }

    @Test
    void expire_overflowIsInvalid() {
        run("set", "k", "v");
        assertRun(err("ERR invalid expire time in 'expire' command"), "expire", "k", "9223372036854775");
        assertRun(err("ERR invalid expire time in 'pexpire' command"), "pexpire", "k", "9223372036854775807");
        assertRun(integer(1), "expireat", "k", "9223372036854775");
        assertRun(integer(1), "pexpireat", "k", "9223372036854775807");
        assertRun(err("ERR invalid expire time in 'expire' command"), "expire", "k", "-9223372036854775808");
        assertRun(integer(1), "pexpire", "k", "-9223372036854775808");
        assertRun(integer(0), "pexpireat", "k", "-9223372036854775808");
        run("set", "k", "v");
        assertRun(integer(1), "expireat", "k", "-9223372036854775");
    }

    @Test
    void persist_removesExpiry() {
        run("set", "k", "v", "ex", "10");
        assertRun(integer(1), "persist", "k");
        assertRun(integer(0), "persist", "k");
        assertRun(integer(-1), "ttl", "k");
        assertRun(integer(0), "persist", "missing");
    }

    @Test
    void expiredKey_isGoneWhenTheClockPassesIt() {
        run("set", "k", "v", "px", "100");
        clock.advance(99);
        assertRun(bulk("v"), "get", "k");
        clock.advance(1);
        assertRun(nil(), "get", "k");
        assertRun(integer(-2), "pttl", "k");
    }
}
