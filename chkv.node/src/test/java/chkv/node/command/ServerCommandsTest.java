package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCommandsTest extends CommandFixture {

    private static List<String> headers(String info) {
        return Arrays.stream(info.split("\r\n")).filter(l -> l.startsWith("# ")).toList();
    }

    @Test
    void time_isTheClockInSecondsAndMicroseconds() {
        clock.set(1_750_000_123_456L);
        assertRun(array(bulk("1750000123"), bulk("456000")), "time");
    }

    @Test
    void info_defaultSectionsInRedisOrder() {
        assertThat(headers(info())).containsExactly("# Server", "# Clients", "# Memory", "# Persistence",
                "# Stats", "# Replication", "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace");
        assertThat(info("default")).isNotEmpty();
        assertThat(headers(info("default"))).isEqualTo(headers(info()));
    }

    @Test
    void info_allAddsCommandstats() {
        assertThat(headers(info("all"))).contains("# Commandstats");
        assertThat(headers(info("everything"))).isEqualTo(headers(info("all")));
    }

    @Test
    void info_sectionsAskedInAnyOrderComeInRedisOrder() {
        String info = info("KEYSPACE", "server");
        assertThat(headers(info)).containsExactly("# Server", "# Keyspace");
        assertThat(info).contains("\r\n\r\n# Keyspace\r\n").endsWith("# Keyspace\r\n");
        assertThat(info("nosuchsection")).isEmpty();
    }

    @Test
    void info_linesEndWithCrLf() {
        String info = info("all");
        assertThat(info.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(info).endsWith("\r\n");
    }

    @Test
    void info_serverFields() {
        server.port(7380);
        clock.advance(90_061_000);
        String info = info("server");
        assertThat(info).startsWith("# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n")
                .contains("\r\nredis_mode:standalone\r\n")
                .contains("tcp_port:7380\r\n").contains("uptime_in_seconds:90061\r\n")
                .contains("uptime_in_days:1\r\n").contains("hz:10\r\n")
                .contains("server_time_usec:" + clock.millis() * 1000 + "\r\n")
                .contains("process_id:" + ProcessHandle.current().pid() + "\r\n")
                .containsPattern("run_id:[0-9a-f]{40}\r\n");
    }

    @Test
    void info_memoryComesFromTheStore() {
        run("set", "k", "v".repeat(10_000));
        String info = info("memory");
        assertThat(info).contains("used_memory:" + store.memoryUsed() + "\r\n")
                .contains("maxmemory:0\r\nmaxmemory_human:0B\r\nmaxmemory_policy:noeviction\r\n");
    }

    @Test
    void info_keyspaceListsTheDatabaseOnlyWhenItHoldsKeys() {
        assertThat(info("keyspace")).isEqualTo("# Keyspace\r\n");
        run("mset", "a", "1", "b", "2");
        assertThat(info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n");
        run("expire", "a", "100");
        run("set", "c", "3", "px", "5000");
        assertThat(info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=0\r\n");
    }

    @Test
    void info_keyspaceAvgTtlIsTheEstimateUntilFlushall() {
        run("set", "a", "1", "ex", "100");
        server.stats().sampledTtls(3 * 80_000, 3);
        assertThat(info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=80000\r\n");
        run("flushall");
        run("set", "a", "1", "ex", "100");
        assertThat(info("keyspace")).isEqualTo("# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=0\r\n");
    }

    @Test
    void info_expiredKeysFromStats() {
        server.stats().expired(5);
        assertThat(info("stats")).contains("expired_keys:5\r\n");
    }

    @Test
    void human_asRedisBytesToHuman() {
        assertThat(InfoReport.human(1023)).isEqualTo("1023B");
        assertThat(InfoReport.human(1024)).isEqualTo("1.00K");
        assertThat(InfoReport.human(1536 * 1024)).isEqualTo("1.50M");
        assertThat(InfoReport.human(3L << 30)).isEqualTo("3.00G");
    }

    @Test
    void configHelp_redisLayout() {
        assertRun("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n"
                + "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
                + "+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n"
                + "+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
                + "+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n"
                + "+    Prints this help.\r\n", "config", "help");
    }

    @Test
    void configGet_knownParametersAndGlobs() {
        assertRun(array(bulk("maxmemory"), bulk("0")), "config", "get", "maxmemory");
        assertRun(array(bulk("maxmemory"), bulk("0"), bulk("maxmemory-policy"), bulk("noeviction"),
                bulk("maxmemory-samples"), bulk("5")), "config", "get", "maxmemory*");
        assertRun(array(bulk("save"), bulk(""), bulk("appendonly"), bulk("no")),
                "config", "get", "SAVE", "appendonly", "save");
        assertRun("*0\r\n", "config", "get", "nosuch");
        assertRun(err("ERR wrong number of arguments for 'config|get' command"), "config", "get");
        session.protocol(3);
        assertRun("%1\r\n" + bulk("databases") + bulk("1"), "config", "get", "databases");
    }
}
