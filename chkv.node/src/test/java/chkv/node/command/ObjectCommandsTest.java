package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OBJECT and MEMORY on the heap store, RANDOMKEY's spread; byte-for-byte replies are in differential-object.script. */
class ObjectCommandsTest extends CommandFixture {

    private static String text(Reply r) {
        return r instanceof Reply.Bulk b ? new String(b.value(), StandardCharsets.UTF_8) : String.valueOf(r);
    }

    @Test
    void asLong_readsAsRedisString2l() {
        assertThat(ObjectCommands.asLong("0".getBytes())).isZero();
        assertThat(ObjectCommands.asLong("-9223372036854775808".getBytes())).isEqualTo(Long.MIN_VALUE);
        assertThat(ObjectCommands.asLong("9223372036854775807".getBytes())).isEqualTo(Long.MAX_VALUE);
        for (String no : new String[] {"", "9223372036854775808", "-9223372036854775809", "007", "-0", "+1", " 1",
                "1 ", "1a", "-", "00"}) {
            assertThat(ObjectCommands.asLong(no.getBytes())).as(no).isNull();
        }
    }

    @Test
    void objectIdletime_underLru_countsSecondsSinceTheLastRead() {
        assertRun(ok(), "config", "set", "maxmemory-policy", "allkeys-lru");
        run("set", "k", "v");
        clock.advance(65_020); // the LRU clock ticks every 16 ms
        assertRun(integer(65), "object", "idletime", "k");
        assertRun(integer(65), "object", "idletime", "k"); // OBJECT is no use of the key
        run("get", "k");
        assertRun(integer(0), "object", "idletime", "k");
    }

    @Test
    void objectFreq_underLfu_isTheDecayingCounter() {
        assertRun(ok(), "config", "set", "maxmemory-policy", "volatile-lfu");
        run("set", "k", "v");
        assertRun(integer(5), "object", "freq", "k");
        run("get", "k");
        assertRun(integer(6), "object", "freq", "k"); // at 5 a use always counts
        clock.advance(3 * 60_000);
        assertRun(integer(3), "object", "freq", "k"); // one down per idle minute
    }

    @Test
    void objectRefcount_sharedIntegersOnlyWithoutAnLruOrLfuLimit() {
        run("set", "small", "42");
        assertRun(integer(Integer.MAX_VALUE), "object", "refcount", "small");
        assertRun(ok(), "config", "set", "maxmemory", "1gb");
        assertRun(ok(), "config", "set", "maxmemory-policy", "allkeys-lru");
        assertRun(integer(1), "object", "refcount", "small");
    }

    @Test
    void memoryUsage_countsTheKeyAndValue() {
        run("set", "k", "x".repeat(1_000));
        long small = Long.parseLong(run("memory", "usage", "k").replaceAll("\\D", ""));
        assertThat(small).isGreaterThanOrEqualTo(1_001);
        run("set", "k", "x".repeat(10_000));
        assertRun(integer(small + 9_000), "memory", "usage", "k", "samples", "0");
    }

    /** 2,000 keys, 2,000 calls: uniform picks reach about 1,264 keys, none more than a few times. */
    @Test
    void randomKey_isAboutUniform() {
        for (int i = 0; i < 2_000; i++) {
            run("set", "key:" + i, "v");
        }
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            picks.merge(text(reply(session, "randomkey")), 1, Integer::sum);
        }
        assertThat(picks.keySet()).allMatch(k -> k.startsWith("key:"));
        assertThat(picks.size()).as("distinct keys").isGreaterThan(1_000);
        assertThat(picks.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThanOrEqualTo(12);
    }
}
