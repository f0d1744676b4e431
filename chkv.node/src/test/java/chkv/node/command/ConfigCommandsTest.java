package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest extends CommandFixture {

    @Test
    void set_severalPairs_appliesAllAndTheStoreSeesThem() {
        assertRun(ok(), "config", "set", "maxmemory", "10mb", "maxmemory-policy", "ALLKEYS-LRU",
                "maxmemory-samples", "7", "timeout", "30", "maxclients", "50", "hz", "100");
        assertRun(array(bulk("maxmemory"), bulk("10485760")), "config", "get", "maxmemory");
        assertRun(array(bulk("maxmemory-policy"), bulk("allkeys-lru")), "config", "get", "maxmemory-policy");
        assertThat(store.memoryPolicy().maxMemory()).isEqualTo(10 << 20);
        assertThat(store.memoryPolicy().policy()).isEqualTo(EvictionPolicy.ALLKEYS_LRU);
        assertThat(store.memoryPolicy().samples()).isEqualTo(7);
        assertThat(server.clientLimits().idleTimeoutMillis()).isEqualTo(30_000);
        assertThat(server.clientLimits().maxClients()).isEqualTo(50);
        assertThat(info("server")).contains("\r\nhz:100\r\nconfigured_hz:100\r\n");
    }

    @Test
    void set_isAllOrNothing() {
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be "
                + "between 1 and 2147483647 inclusive"), "config", "set", "maxmemory", "1gb", "maxmemory-samples", "0");
        assertRun(array(bulk("maxmemory"), bulk("0")), "config", "get", "maxmemory");
        assertThat(store.memoryPolicy().maxMemory()).isZero();
    }

    @Test
    void set_errors_inRedisWords() {
        assertRun(err("ERR syntax error"), "config", "set", "maxmemory", "1", "timeout");
        assertRun(err("ERR wrong number of arguments for 'config|set' command"), "config", "set", "maxmemory");
        assertRun(err("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"),
                "config", "set", "nosuch", "1");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"),
                "config", "set", "databases", "16");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'TIMEOUT') - duplicate parameter"),
                "config", "set", "timeout", "1", "TIMEOUT", "2");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory "
                + "value"), "config", "set", "maxmemory", "10x");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed "
                + "into an integer"), "config", "set", "timeout", "abc");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between "
                + "1 and 4294967295 inclusive"), "config", "set", "maxclients", "0");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'protected-mode') - argument must be "
                + "'yes' or 'no'"), "config", "set", "protected-mode", "maybe");
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be "
                + "one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, "
                + "allkeys-lfu, allkeys-random, noeviction"), "config", "set", "maxmemory-policy", "lru");
    }

    @Test
    void set_requirepass_newClientsMustAuthAndClearingLetsThemIn() {
        assertRun(ok(), "config", "set", "requirepass", "s3cret");
        FakeSession other = connect();
        assertThat(runOn(other, "get", "k")).isEqualTo(err("NOAUTH Authentication required."));
        assertRun(array(bulk("requirepass"), bulk("s3cret")), "config", "get", "requirepass");
        assertThat(runOn(other, "auth", "s3cret")).isEqualTo(ok());
        FakeSession third = connect();
        assertRun(ok(), "config", "set", "requirepass", "");
        assertThat(runOn(third, "get", "k")).isEqualTo(nil());
    }

    @Test
    void set_clientOutputBufferLimit_normalClassReachesTheLimits() {
        assertRun(ok(), "config", "set", "client-output-buffer-limit", "normal 1mb 512kb 10 pubsub 1 2 3");
        assertRun(array(bulk("client-output-buffer-limit"),
                bulk("normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 1 2 3")),
                "config", "get", "client-output-buffer-limit");
        assertThat(server.clientLimits().outputHardBytes()).isEqualTo(1 << 20);
        assertThat(server.clientLimits().outputSoftMillis()).isEqualTo(10_000);
        assertRun(err("ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid "
                + "client class specified in buffer limit configuration."),
                "config", "set", "client-output-buffer-limit", "master 1 1 1");
    }

    @Test
    void set_slowlogSettingsReachTheSlowLog() {
        assertRun(ok(), "config", "set", "slowlog-log-slower-than", "-1", "slowlog-max-len", "3");
        assertThat(server.slowLog().logSlowerThan()).isEqualTo(-1);
        assertThat(server.slowLog().maxLen()).isEqualTo(3);
        assertRun(array(bulk("slowlog-max-len"), bulk("3")), "config", "get", "slowlog-max-len");
    }

    @Test
    void set_requirepass_neverReachesTheSlowLog() {
        assertRun(ok(), "config", "set", "slowlog-log-slower-than", "0");
        assertRun(ok(), "config", "set", "timeout", "0", "requirepass", "hunter2");
        String log = run("slowlog", "get", "1");
        assertThat(log).contains(bulk("(redacted)")).contains(bulk("timeout")).doesNotContain("hunter2");
    }

    @Test
    void get_patternsAndOrder() {
        assertRun(array(bulk("maxmemory"), bulk("0"), bulk("maxmemory-policy"), bulk("noeviction"),
                bulk("maxmemory-samples"), bulk("5")), "config", "get", "maxmemory*");
        assertThat(run("config", "get", "save", "appendonly")).isEqualTo(
                array(bulk("save"), bulk(""), bulk("appendonly"), bulk("no")));
    }

    @Test
    void resetstat_clearsCountersAndStats() {
        run("get", "missing");
        run("nosuchcommand");
        assertRun(ok(), "config", "resetstat");
        String info = info("stats", "commandstats", "errorstats");
        assertThat(info).contains("keyspace_misses:0\r\n").contains("total_error_replies:0\r\n")
                .doesNotContain("cmdstat_get").doesNotContain("errorstat_");
        assertThat(info).contains("cmdstat_config|resetstat:calls=1,").doesNotContain("cmdstat_nosuchcommand");
    }

    @Test
    void rewrite_withoutAFile_isRedisError() {
        assertRun(err("ERR The server is running without a config file"), "config", "rewrite");
    }

    @Test
    void rewrite_keepsCommentsAndUnknownLinesAndReplacesValues(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chkv.conf");
        Files.writeString(file, "# my node\nport 7000\nmaxmemory 1mb\nappendfsync everysec\nmaxmemory 2mb\n"
                + "timeout 5\n");
        server.configFile(file);
        server.listening("127.0.0.1", 7000);
        assertRun(ok(), "config", "set", "maxmemory", "3gb", "timeout", "0", "maxmemory-policy", "allkeys-lfu",
                "requirepass", "a \"b\"");
        assertRun(ok(), "config", "rewrite");
        assertThat(Files.readString(file)).isEqualTo("# my node\nport 7000\nmaxmemory 3gb\nappendfsync everysec\n\n"
                + "timeout 0\n\n# Generated by CONFIG REWRITE\nmaxmemory-policy allkeys-lfu\n"
                + "requirepass \"a \\\"b\\\"\"\n");
    }
}
