package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.StoreConfig;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionCommandsTest extends CommandFixture {
    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String QUEUED = "+QUEUED\r\n";

    @Test
    void exec_runsTheQueuedCommandsInOrder() {
        assertRun(ok(), "multi");
        assertRun(QUEUED, "set", "k", "1");
        assertRun(QUEUED, "incr", "k");
        assertRun(QUEUED, "incrby", "k", "5");
        assertThat(store.get("k".getBytes())).isNull(); // nothing ran yet
        assertRun(array(ok(), integer(2), integer(7)), "exec");
        assertRun(bulk("7"), "get", "k");
    }

    @Test
    void exec_embedsTheErrorsOfCommandsThatFailWhenRun() {
        run("set", "s", "abc");
        run("multi");
        run("incr", "s");
        run("set", "t", "v");
        assertRun(array(err("ERR value is not an integer or out of range"), ok()), "exec");
    }

    @Test
    void exec_abortsAfterACommandWasRefusedWhileQueuing() {
        run("multi");
        run("set", "a", "1");
        assertRun(err("ERR unknown command 'nosuch', with args beginning with: "), "nosuch");
        run("set", "b", "2");
        assertRun(err(TransactionCommands.EXECABORT), "exec");
        assertRun(integer(0), "exists", "a", "b");
        assertRun(err("ERR EXEC without MULTI"), "exec");
    }

    @Test
    void exec_abortsAfterAnArityOrSubcommandError() {
        run("multi");
        assertRun(err("ERR wrong number of arguments for 'get' command"), "get");
        assertRun(err(TransactionCommands.EXECABORT), "exec");
        run("multi");
        assertRun(err("ERR unknown subcommand 'x'. Try SLOWLOG HELP."), "slowlog", "x");
        assertRun(err(TransactionCommands.EXECABORT), "exec");
    }

    @Test
    void exec_withArgumentsAbortsTheTransaction() {
        run("multi");
        run("set", "a", "1");
        assertRun(err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
                "exec", "x");
        assertRun(err("ERR EXEC without MULTI"), "exec");
        assertRun(integer(0), "exists", "a");
    }

    @Test
    void multi_nestedAndWatchInsideAreErrorsThatDoNotAbort() {
        run("multi");
        assertRun(err("ERR MULTI calls can not be nested"), "multi");
        assertRun(err("ERR WATCH inside MULTI is not allowed"), "watch", "x");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }

    @Test
    void discard_dropsTheQueueAndNeedsMulti() {
        assertRun(err("ERR DISCARD without MULTI"), "discard");
        run("multi");
        run("set", "a", "1");
        assertRun(ok(), "discard");
        assertRun(integer(0), "exists", "a");
        assertRun(err("ERR EXEC without MULTI"), "exec");
    }

    @Test
    void watch_keyChangedByAnotherConnection_execAnswersNull() {
        FakeSession other = connect();
        run("set", "x", "30");
        run("watch", "x");
        runOn(other, "set", "x", "40");
        run("multi");
        run("ping");
        assertRun(NULL_ARRAY, "exec");
        // the key is no longer watched afterwards
        runOn(other, "set", "x", "50");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }

    @Test
    void watch_keyChangedByTheSameConnection_execAnswersNull() {
        run("watch", "x");
        run("set", "x", "1");
        run("multi");
        run("incr", "x");
        assertRun(NULL_ARRAY, "exec");
        assertRun(bulk("1"), "get", "x");
    }

    @Test
    void watch_inResp3_execAnswersNull() {
        run("hello", "3");
        run("watch", "x");
        run("set", "x", "1");
        run("multi");
        assertRun("_\r\n", "exec");
    }

    @Test
    void watch_writesThatChangeNothingDoNotTouch() {
        FakeSession other = connect();
        run("set", "x", "1");
        run("watch", "x", "missing");
        runOn(other, "set", "x", "2", "nx");
        runOn(other, "del", "missing");
        runOn(other, "expire", "missing", "10");
        runOn(other, "get", "x");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }

    @Test
    void watch_everyKindOfChangeTouches() {
        FakeSession other = connect();
        for (String[] write : new String[][] {{"del", "x"}, {"expire", "x", "100"}, {"incr", "x"},
                {"mset", "y", "1", "x", "2"}, {"append", "x", "z"}, {"getdel", "x"}, {"set", "x", "1"}}) {
            run("set", "x", "1");
            run("watch", "x");
            runOn(other, write);
            run("multi");
            run("ping");
            assertThat(run("exec")).as(String.join(" ", write)).isEqualTo(NULL_ARRAY);
        }
    }

    @Test
    void watch_liveKeyThatExpiresBeforeExec_execAnswersNull() {
        run("set", "x", "1", "px", "100");
        run("watch", "x");
        clock.advance(101);
        run("multi");
        run("incr", "x");
        assertRun(NULL_ARRAY, "exec");
    }

    @Test
    void watch_staleKeys_doNotFailExec() {
        run("set", "x", "foo", "px", "1");
        clock.advance(2);
        run("watch", "x");
        assertRun(integer(0), "exists", "x");
        run("del", "x");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }

    @Test
    void flushall_touchesOnlyWatchedKeysThatExist() {
        run("set", "x", "30");
        run("watch", "x");
        run("flushall");
        run("multi");
        run("ping");
        assertRun(NULL_ARRAY, "exec");
        run("watch", "x");
        run("flushall");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }

    @Test
    void unwatchAndDiscard_forgetTheWatchedKeys() {
        run("set", "x", "30");
        run("watch", "x");
        run("set", "x", "40");
        assertRun(ok(), "unwatch");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
        run("watch", "x");
        run("set", "x", "10");
        run("multi");
        run("discard");
        run("multi");
        run("incr", "x");
        assertRun(array(integer(11)), "exec");
    }

    @Test
    void watch_aDisconnectedClientStopsWatching() {
        FakeSession other = connect();
        runOn(other, "watch", "x");
        assertThat(dispatcher.watches().active()).isTrue();
        dispatcher.disconnected(other);
        assertThat(dispatcher.watches().active()).isFalse();
    }

    @Test
    void clientList_showsTheTransaction() {
        assertThat(run("client", "info")).contains(" flags=N ").contains(" multi=-1 ");
        run("watch", "x");
        run("set", "x", "1");
        run("multi");
        run("ping");
        assertRun(QUEUED, "client", "info");
        String list = runOn(connect(), "client", "list");
        assertThat(list).contains("id=" + session.id() + " ").contains(" flags=xd ").contains(" multi=2 ");
    }

    @Test
    void queuing_whenOverMaxmemoryRefusesEveryCommand() {
        store.close();
        store = null;
        open(StoreConfig.of(clock).withMaxMemory(1, NOEVICTION), null);
        run("multi");
        assertRun(err("OOM command not allowed when used memory > 'maxmemory'."), "get", "k");
        assertRun(err(TransactionCommands.EXECABORT), "exec");
        run("multi");
        assertRun(ok(), "discard");
    }

    @Test
    void reset_endsTheTransactionUnwatchesAndForgetsTheConnection() {
        open("pw");
        run("auth", "pw");
        run("hello", "3", "setname", "me");
        run("watch", "x");
        run("multi");
        run("set", "x", "1");
        assertRun("+RESET\r\n", "reset");
        assertThat(session.protocol()).isEqualTo(2);
        assertThat(dispatcher.watches().active()).isFalse();
        assertRun(err("EXECABORT Transaction discarded because of: NOAUTH Authentication required."), "exec");
        run("auth", "pw");
        assertRun(err("ERR EXEC without MULTI"), "exec");
        assertRun(nil(), "client", "getname");
        assertRun(integer(0), "exists", "x");
    }

    /** Keys in {@code elsewhere} belong to another node; a request mixing owners is CROSSSLOT. */
    private Set<String> routeElsewhere() {
        Set<String> elsewhere = new HashSet<>();
        server.router((args, spec) -> {
            boolean mine = false;
            boolean other = false;
            for (int i : spec.keyPositions(args.length)) {
                if (elsewhere.contains(new String(args[i], java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    other = true;
                } else {
                    mine = true;
                }
            }
            return mine && other ? "CROSSSLOT Keys in request don't hash to the same slot"
                    : other ? "MOVED 1 10.0.0.2:7380" : null;
        });
        return elsewhere;
    }

    @Test
    void cluster_queuedKeyOfAnotherNode_isMovedAndExecAborts() {
        routeElsewhere().add("o");
        run("multi");
        assertRun(QUEUED, "set", "a", "1");
        assertRun(err("MOVED 1 10.0.0.2:7380"), "set", "o", "1");
        assertRun(err(TransactionCommands.EXECABORT), "exec");
        assertRun(integer(0), "exists", "a");
        assertRun(err("MOVED 1 10.0.0.2:7380"), "watch", "o");
    }

    @Test
    void cluster_keysOfTwoOwnersAtExec_crossSlotAndNothingRuns() {
        Set<String> elsewhere = routeElsewhere();
        run("multi");
        run("set", "a", "1");
        run("set", "b", "1");
        elsewhere.add("b"); // the range of b moved while the transaction was queued
        assertRun(err("CROSSSLOT Keys in request don't hash to the same slot"), "exec");
        assertRun(err("ERR EXEC without MULTI"), "exec");
        assertRun(integer(0), "exists", "a");
    }

    @Test
    void cluster_everyKeyMovedAtExec_isMoved() {
        Set<String> elsewhere = routeElsewhere();
        run("multi");
        run("set", "a", "1");
        run("ping");
        elsewhere.add("a");
        assertRun(err("MOVED 1 10.0.0.2:7380"), "exec");
        run("multi");
        run("ping");
        assertRun(array("+PONG\r\n"), "exec");
    }
}
