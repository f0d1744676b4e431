package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.StoreConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CommandClockTest extends CommandFixture {
    /** A clock 1 ms later at every reading, so any second reading within a command shows. */
    private final AtomicLong ticks = new AtomicLong(1_000_000);
    private final InstantSource ticking = new InstantSource() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(ticks.getAndIncrement());
        }
    };

    @Test
    void millis_frozenWhileACommandRunsAndRealElsewhere() {
        CommandClock c = new CommandClock(ticking);
        assertThat(c.millis()).isEqualTo(1_000_000);
        long[] token = c.begin();
        assertThat(c.millis()).isEqualTo(1_000_001);
        assertThat(c.millis()).isEqualTo(1_000_001);
        assertThat(c.begin()).as("nested: keeps the outer time").isNull();
        CommandClock.end(null);
        assertThat(c.millis()).isEqualTo(1_000_001);
        CommandClock.end(token);
        assertThat(c.millis()).isEqualTo(1_000_002);
    }

    @Test
    void millis_frozenOnlyOnTheThreadRunningTheCommand() throws Exception {
        CommandClock c = new CommandClock(ticking);
        long[] token = c.begin();
        long[] seen = new long[1];
        Thread other = Thread.ofPlatform().start(() -> seen[0] = c.millis());
        other.join(10_000);
        assertThat(seen[0]).isEqualTo(1_000_001);
        assertThat(c.millis()).isEqualTo(1_000_000);
        CommandClock.end(token);
    }

    @Test
    void pttl_rightAfterSetPx_seesOneReadingPerCommand() {
        store.close();
        store = null;
        open(StoreConfig.of(new CommandClock(ticking)), null);
        run("set", "k", "v", "px", "100000");
        // one reading for SET and one for PTTL: 1 ms apart on this clock, whatever each command reads
        assertRun(integer(99_999), "pttl", "k");
        run("set", "k", "v", "ex", "100");
        assertRun(integer(100), "ttl", "k"); // 99.999 s, rounded as Redis rounds TTL
    }

    @Test
    void exec_runsItsCommandsAtTheTimeItStarted() {
        store.close();
        store = null;
        open(StoreConfig.of(new CommandClock(ticking)), null);
        run("multi");
        run("set", "k", "v", "px", "100000");
        run("pttl", "k");
        run("pexpiretime", "k");
        long start = ticks.get();
        assertRun(array(ok(), integer(100_000), integer(start + 100_000)), "exec");
    }
}
