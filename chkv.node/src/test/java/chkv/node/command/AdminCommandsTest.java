package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CLIENT KILL and NO-EVICT, SHUTDOWN, LATENCY and protected mode. */
class AdminCommandsTest extends CommandFixture {

    @Test
    void clientKill_oldForm_byAddress_mayKillItself() {
        FakeSession other = new FakeSession(new InetSocketAddress("127.0.0.1", 40_001));
        dispatcher.connected(other);
        assertRun(ok(), "client", "kill", "127.0.0.1:40001");
        assertThat(other.closing()).isTrue();
        assertRun(err("ERR No such client"), "client", "kill", "127.0.0.1:1");
        assertRun(ok(), "client", "kill", "127.0.0.1:50000"); // the default session's own address
        assertThat(session.closing()).isTrue();
    }

    @Test
    void clientKill_filters_countAndSkipTheCaller() {
        FakeSession a = connect();
        FakeSession b = connect();
        assertRun(integer(1), "client", "kill", "id", Long.toString(a.id()));
        assertThat(a.closing()).isTrue();
        assertThat(b.closing()).isFalse();
        assertRun(integer(0), "client", "kill", "type", "pubsub");
        assertRun(integer(3), "client", "kill", "user", "default", "skipme", "no");
        assertThat(session.closing()).isTrue();
        assertThat(b.closing()).isTrue();
        assertRun(integer(2), "client", "kill", "laddr", "127.0.0.1:7380");
    }

    @Test
    void clientKill_errors_inRedisWords() {
        assertRun(err("ERR client-id should be greater than 0"), "client", "kill", "id", "0");
        assertRun(err("ERR client-id should be greater than 0"), "client", "kill", "id", "x");
        assertRun(err("ERR Unknown client type 'x'"), "client", "kill", "type", "x");
        assertRun(err("ERR No such user 'bob'"), "client", "kill", "user", "bob");
        assertRun(err("ERR syntax error"), "client", "kill", "skipme", "maybe");
        assertRun(err("ERR syntax error"), "client", "kill", "addr", "1:1", "id");
        assertRun(err("ERR wrong number of arguments for 'client|kill' command"), "client", "kill");
    }

    @Test
    void clientNoEvict_onOrOff() {
        assertRun(ok(), "client", "no-evict", "on");
        assertThat(((chkv.api.Reply.Verbatim) reply(session, "client", "info")).text()).contains(" flags=e ");
        assertRun(ok(), "client", "no-evict", "OFF");
        assertThat(((chkv.api.Reply.Verbatim) reply(session, "client", "info")).text()).contains(" flags=N ");
        assertRun(err("ERR syntax error"), "client", "no-evict", "maybe");
    }

    @Test
    void shutdown_stopsTheNodeWithoutAReply() {
        AtomicInteger stops = new AtomicInteger();
        server.shutdownAction(stops::incrementAndGet);
        assertThat(reply(session, "shutdown", "nosave", "now", "force"))
                .isInstanceOf(chkv.api.Reply.Deferred.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (stops.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(stops.get()).isEqualTo(1);
    }

    @Test
    void shutdown_refusals_inRedisWords() {
        server.shutdownAction(() -> {
            throw new AssertionError("must not stop");
        });
        assertRun(err("ERR No shutdown in progress."), "shutdown", "abort");
        assertRun(err("ERR syntax error"), "shutdown", "abort", "now");
        assertRun(err("ERR syntax error"), "shutdown", "save", "nosave");
        assertRun(err("ERR syntax error"), "shutdown", "later");
        assertRun(err("ERR Errors trying to SHUTDOWN. Check logs."), "shutdown", "save");
    }

    @Test
    void latency_answersAsRedisWithMonitoringOff() {
        assertThat(((chkv.api.Reply.Verbatim) reply(session, "latency", "doctor")).text())
                .startsWith("I'm sorry, Dave, I can't do that.").endsWith("latency-monitor.\n");
        assertRun("*0\r\n", "latency", "latest");
        assertRun("*0\r\n", "latency", "history", "command");
        assertRun(integer(0), "latency", "reset");
        assertRun(integer(0), "latency", "reset", "command", "fork");
        assertRun(err("ERR No samples available for event 'command'"), "latency", "graph", "command");
    }

    @Test
    void protectedMode_turnsAwayNonLoopbackClientsWithoutAPassword() {
        FakeSession remote = new FakeSession(new InetSocketAddress("10.1.2.3", 40_000));
        dispatcher.connected(remote);
        assertThat(runOn(remote, "ping")).isEqualTo(err(ServerState.PROTECTED_MODE_ERROR));
        assertThat(remote.closing()).isTrue();
        assertThat(info("stats")).contains("rejected_connections:1\r\n");
        assertRun("+PONG\r\n", "ping"); // loopback is served
    }

    @Test
    void protectedMode_decision() {
        InetSocketAddress remote = new InetSocketAddress("10.1.2.3", 1);
        assertThat(server.protectedModeDenies(remote)).isTrue();
        assertThat(server.protectedModeDenies(new InetSocketAddress("127.0.0.1", 1))).isFalse();
        assertThat(server.protectedModeDenies(new InetSocketAddress("::1", 1))).isFalse();
        server.requirePass("pw".getBytes());
        assertThat(server.protectedModeDenies(remote)).isFalse();
        server.requirePass(new byte[0]);
        server.protectedMode(false);
        assertThat(server.protectedModeDenies(remote)).isFalse();
        assertRun(ok(), "config", "set", "protected-mode", "yes");
        assertThat(server.protectedModeDenies(remote)).isTrue();
    }
}
