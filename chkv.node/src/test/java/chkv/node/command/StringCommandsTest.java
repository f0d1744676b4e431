package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringCommandsTest extends CommandFixture {

    @Test
    void set_plainAndGet() {
        assertRun(ok(), "set", "k", "v");
        assertRun(bulk("v"), "get", "k");
        assertRun(nil(), "get", "missing");
    }

    @Test
    void set_nxAndXx() {
        assertRun(nil(), "set", "k", "v", "xx");
        assertRun(ok(), "set", "k", "v", "nx");
        assertRun(nil(), "set", "k", "w", "NX");
        assertRun(ok(), "set", "k", "w", "xx");
        assertRun(bulk("w"), "get", "k");
    }

    @Test
    void set_getReturnsPreviousValueEvenWhenNotWritten() {
        assertRun(nil(), "set", "k", "v", "get");
        assertRun(bulk("v"), "set", "k", "w", "get");
        assertRun(bulk("w"), "set", "k", "x", "nx", "get");
        assertRun(bulk("w"), "get", "k");
    }

    @Test
    void set_expiryOptions() {
        long now = clock.millis();
        run("set", "a", "v", "ex", "10");
        run("set", "b", "v", "px", "1500");
        run("set", "c", "v", "exat", Long.toString(now / 1000 + 100));
        run("set", "d", "v", "pxat", Long.toString(now + 2500));
        assertRun(integer(10_000), "pttl", "a");
        assertRun(integer(1500), "pttl", "b");
        assertRun(integer(now + 2500), "pexpiretime", "d");
        assertRun(integer(now / 1000 + 100), "expiretime", "c");
        // the same unit twice is allowed and the last wins, as in Redis
        run("set", "e", "v", "ex", "10", "ex", "20");
        assertRun(integer(20), "ttl", "e");
        clock.advance(1500);
        assertRun(nil(), "get", "b");
    }

    @Test
    void set_keepTtl() {
        run("set", "k", "v", "ex", "100");
        run("set", "k", "w", "keepttl");
        assertRun(integer(100), "ttl", "k");
        run("set", "k", "x");
        assertRun(integer(-1), "ttl", "k");
    }

    @Test
    void set_syntaxErrors() {
        for (String[] args : new String[][] {
                {"set", "k", "v", "nx", "xx"}, {"set", "k", "v", "xx", "nx"},
                {"set", "k", "v", "ex", "10", "px", "10"}, {"set", "k", "v", "keepttl", "ex", "10"},
                {"set", "k", "v", "ex", "10", "keepttl"}, {"set", "k", "v", "foo"}, {"set", "k", "v", "ex"},
                {"set", "k", "v", "persist"}, {"set", "k", "v", "ex", "abc", "nx", "xx"}}) {
            assertRun(err("ERR syntax error"), args);
        }
    }

    @Test
    void set_invalidExpireTimes() {
        String invalid = err("ERR invalid expire time in 'set' command");
        assertRun(invalid, "set", "k", "v", "ex", "0");
        assertRun(invalid, "set", "k", "v", "ex", "-1");
        assertRun(invalid, "set", "k", "v", "px", "0");
        assertRun(invalid, "set", "k", "v", "ex", "9999999999999999");
        assertRun(invalid, "set", "k", "v", "px", "9223372036854775807");
        assertRun(err("ERR value is not an integer or out of range"), "set", "k", "v", "ex", "abc");
        assertRun(err("ERR value is not an integer or out of range"), "set", "k", "v", "ex", "+5");
        assertRun(ok(), "set", "k", "v", "exat", "9223372036854775");
        assertRun(nil(), "get", "nothing-was-written-before");
    }

    @Test
    void getDel_returnsAndRemoves() {
        run("set", "k", "v");
        assertRun(bulk("v"), "getdel", "k");
        assertRun(nil(), "getdel", "k");
        assertRun(integer(0), "exists", "k");
    }

    @Test
    void getEx_changesExpiry() {
        run("set", "k", "v");
        assertRun(bulk("v"), "getex", "k", "ex", "100");
        assertRun(integer(100), "ttl", "k");
        assertRun(bulk("v"), "getex", "k");
        assertRun(integer(100), "ttl", "k");
        assertRun(bulk("v"), "getex", "k", "persist");
        assertRun(integer(-1), "ttl", "k");
        assertRun(bulk("v"), "getex", "k", "pxat", Long.toString(clock.millis() - 1));
        assertRun(integer(0), "exists", "k");
    }

    @Test
    void getEx_errors() {
        run("set", "k", "v");
        assertRun(err("ERR invalid expire time in 'getex' command"), "getex", "k", "ex", "0");
        assertRun(err("ERR invalid expire time in 'getex' command"), "getex", "k", "exat", "0");
        assertRun(err("ERR value is not an integer or out of range"), "getex", "k", "ex", "abc");
        assertRun(err("ERR syntax error"), "getex", "k", "persist", "ex", "1");
        assertRun(err("ERR syntax error"), "getex", "k", "foo");
        assertRun(err("ERR syntax error"), "getex", "k", "nx");
        // Redis looks the key up before it validates the time
        assertRun(nil(), "getex", "missing", "ex", "0");
    }

    @Test
    void getSet_setNx_setEx_pSetEx() {
        assertRun(nil(), "getset", "k", "v");
        assertRun(bulk("v"), "getset", "k", "w");
        assertRun(integer(0), "setnx", "k", "x");
        assertRun(integer(1), "setnx", "n", "x");
        assertRun(ok(), "setex", "s", "10", "v");
        assertRun(integer(10), "ttl", "s");
        assertRun(ok(), "psetex", "p", "1500", "v");
        assertRun(integer(1500), "pttl", "p");
        assertRun(err("ERR invalid expire time in 'setex' command"), "setex", "s", "0", "v");
        assertRun(err("ERR invalid expire time in 'psetex' command"), "psetex", "s", "0", "v");
        assertRun(err("ERR value is not an integer or out of range"), "setex", "s", "abc", "v");
    }

    @Test
    void mset_msetnx_mget() {
        assertRun(ok(), "mset", "a", "1", "b", "2");
        assertRun(array(bulk("1"), bulk("2"), nil()), "mget", "a", "b", "c");
        assertRun(integer(0), "msetnx", "c", "3", "a", "9");
        assertRun(nil(), "get", "c");
        assertRun(integer(1), "msetnx", "c", "3", "d", "4");
        assertRun(bulk("4"), "get", "d");
        assertRun(err("ERR wrong number of arguments for 'mset' command"), "mset", "a", "1", "b");
        assertRun(err("ERR wrong number of arguments for 'msetnx' command"), "msetnx", "a", "1", "b");
    }

    @Test
    void append_strlen_setRange_getRange() {
        assertRun(integer(2), "append", "k", "ab");
        assertRun(integer(4), "append", "k", "cd");
        assertRun(integer(4), "strlen", "k");
        assertRun(integer(0), "strlen", "missing");
        assertRun(integer(6), "setrange", "k", "4", "ef");
        assertRun(bulk("abcdef"), "get", "k");
        assertRun(bulk("cde"), "getrange", "k", "2", "4");
        assertRun(bulk("ef"), "substr", "k", "-2", "-1");
        assertRun(bulk(""), "getrange", "missing", "0", "-1");
        assertRun(integer(0), "setrange", "missing", "5", "");
        assertRun(err("ERR offset is out of range"), "setrange", "k", "-1", "x");
        assertRun(err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"),
                "setrange", "k", "536870912", "x");
        assertRun(err("ERR value is not an integer or out of range"), "getrange", "k", "a", "b");
    }

    @Test
    void reads_countKeyspaceHitsAndMisses() {
        run("set", "k", "v");
        run("get", "k");
        run("get", "missing");
        run("mget", "k", "missing", "k");
        assertThat(info("stats")).contains("keyspace_hits:3\r\n").contains("keyspace_misses:2\r\n");
    }
}
