package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.StoreConfig;
import org.junit.jupiter.api.Test;

class DispatcherTest extends CommandFixture {

    @Test
    void unknownCommand_quotesEachArgumentWithTrailingSpace() {
        assertRun(err("ERR unknown command 'foo', with args beginning with: 'a' 'b' "), "foo", "a", "b");
    }

    @Test
    void unknownCommand_withoutArgumentsEndsWithSpace() {
        assertRun(err("ERR unknown command 'foo', with args beginning with: "), "foo");
    }

    @Test
    void unknownCommand_stopsQuotingAfter128Characters() {
        String long200 = "x".repeat(200);
        assertRun(err("ERR unknown command 'foo', with args beginning with: '" + "x".repeat(128) + "' "),
                "foo", long200, "next");
        assertRun(err("ERR unknown command 'foo', with args beginning with: '" + "y".repeat(100) + "' '"
                + "x".repeat(25) + "' "), "foo", "y".repeat(100), "x".repeat(100), "z");
    }

    @Test
    void unknownCommand_turnsLineBreaksIntoSpaces() {
        assertRun(err("ERR unknown command 'foo', with args beginning with: 'a  b' "), "foo", "a\r\nb");
    }

    @Test
    void lookup_ignoresCase() {
        run("set", "k", "v");
        assertRun(bulk("v"), "GeT", "k");
    }

    @Test
    void arity_exactAndMinimum() {
        assertRun(err("ERR wrong number of arguments for 'get' command"), "get");
        assertRun(err("ERR wrong number of arguments for 'get' command"), "GET", "a", "b");
        assertRun(err("ERR wrong number of arguments for 'set' command"), "set", "k");
        assertRun(err("ERR wrong number of arguments for 'echo' command"), "echo");
    }

    @Test
    void subcommand_arityNamesTheFullName() {
        assertRun(err("ERR wrong number of arguments for 'client|setname' command"), "client", "setname");
        assertRun(err("ERR wrong number of arguments for 'client' command"), "client");
    }

    @Test
    void subcommand_unknownNamesTheContainerInUpperCase() {
        assertRun(err("ERR unknown subcommand 'foo'. Try CLIENT HELP."), "client", "foo");
        assertRun(err("ERR unknown subcommand 'bar'. Try COMMAND HELP."), "Command", "bar");
    }

    @Test
    void auth_requiredBeforeOtherCommands() {
        open("secret");
        assertRun(err("NOAUTH Authentication required."), "get", "k");
        assertRun(err("NOAUTH Authentication required."), "ping");
        assertRun(err("NOAUTH Authentication required."), "client", "id");
        // the name and the arity are checked before authentication, as in Redis
        assertRun(err("ERR unknown command 'foo', with args beginning with: "), "foo");
        assertRun(err("ERR wrong number of arguments for 'get' command"), "get");
        assertRun(err("WRONGPASS invalid username-password pair or user is disabled."), "auth", "wrong");
        assertRun(ok(), "auth", "secret");
        assertRun(nil(), "get", "k");
    }

    @Test
    void auth_tellsTheTransportWhenRequestLimitsMayLift() {
        open("secret");
        assertThat(session.transportAuthenticated()).isFalse();
        run("auth", "wrong");
        assertThat(session.transportAuthenticated()).isFalse();
        run("auth", "secret");
        assertThat(session.transportAuthenticated()).isTrue();
        open(null);
        assertThat(session.transportAuthenticated()).isTrue();
    }

    @Test
    void auth_quitAllowedWithout() {
        open("secret");
        assertRun(ok(), "quit");
        assertThat(session.closing()).isTrue();
    }

    @Test
    void auth_isPerConnection() {
        open("secret");
        run("auth", "default", "secret");
        FakeSession other = connect();
        assertThat(runOn(other, "ping")).isEqualTo(err("NOAUTH Authentication required."));
        assertThat(run("ping")).isEqualTo("+PONG\r\n");
    }

    @Test
    void stats_countCallsFailuresAndRejections() {
        run("set", "k", "v");
        run("get", "k");
        run("get");
        run("incr", "k");
        String stats = info("commandstats");
        assertThat(stats).startsWith("# Commandstats\r\n")
                .contains("cmdstat_set:calls=1,usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r\n")
                .contains("cmdstat_get:calls=1,usec=1,usec_per_call=1.00,rejected_calls=1,failed_calls=0\r\n")
                .contains("cmdstat_incr:calls=1,usec=1,usec_per_call=1.00,rejected_calls=0,failed_calls=1\r\n")
                .doesNotContain("cmdstat_del");
    }

    @Test
    void stats_countErrorsByCode() {
        open("secret");
        run("get", "k");
        run("auth", "bad");
        run("foo");
        run("auth", "secret");
        assertThat(info("errorstats")).isEqualTo("# Errorstats\r\n"
                + "errorstat_ERR:count=1\r\nerrorstat_NOAUTH:count=1\r\nerrorstat_WRONGPASS:count=1\r\n");
        assertThat(info("stats")).contains("total_error_replies:3\r\n").contains("total_commands_processed:3\r\n");
    }

    @Test
    void denyoom_rejectedWhenOverMaxmemory() {
        store.close();
        store = null;
        open(StoreConfig.of(clock).withMaxMemory(1, NOEVICTION), null);
        assertRun(err("OOM command not allowed when used memory > 'maxmemory'."), "set", "k", "v");
        // reads and deletes still work
        assertRun(nil(), "get", "k");
        assertRun(integer(0), "del", "k");
        assertThat(info("commandstats")).contains("cmdstat_set:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1");
    }

    @Test
    void handlerBug_becomesAnErrorReplyAndCountsAsFailed() {
        CommandSpec broken = CommandSpec.builder("broken", 1, "server").handler(c -> {
            throw new IllegalStateException("bug");
        });
        dispatcher = new Dispatcher(new CommandTable(java.util.List.of(broken)), server);
        assertRun(err("ERR internal error: IllegalStateException"), "broken");
        assertRun(err("ERR unknown command 'get', with args beginning with: 'k' "), "get", "k");
    }

    @Test
    void table_rejectsDuplicateNames() {
        CommandSpec a = CommandSpec.builder("dup", 1, "server").handler(c -> chkv.api.Reply.OK);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CommandTable(java.util.List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("command: dup twice (expected: unique names)");
    }

    @Test
    void connections_trackedForInfo() {
        FakeSession other = connect();
        assertThat(info("clients")).contains("connected_clients:2\r\n");
        dispatcher.disconnected(other);
        assertThat(info("clients")).contains("connected_clients:1\r\n");
        assertThat(info("stats")).contains("total_connections_received:2\r\n");
    }
}
