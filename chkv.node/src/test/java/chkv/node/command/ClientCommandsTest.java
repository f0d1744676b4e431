package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import org.junit.jupiter.api.Test;

class ClientCommandsTest extends CommandFixture {

    @Test
    void id_isTheSessionId() {
        assertRun(integer(session.id()), "client", "id");
    }

    @Test
    void setName_getName() {
        assertRun(nil(), "client", "getname");
        assertRun(ok(), "CLIENT", "SETNAME", "worker-1");
        assertRun(bulk("worker-1"), "client", "getname");
        assertRun(err("ERR Client names cannot contain spaces, newlines or special characters."),
                "client", "setname", "a b");
        assertRun(ok(), "client", "setname", "");
        assertRun(nil(), "client", "getname");
    }

    @Test
    void setInfo_acceptsLibraryAttributes() {
        assertRun(ok(), "client", "setinfo", "lib-name", "jedis");
        assertRun(ok(), "client", "setinfo", "LIB-VER", "5.1.0");
        assertRun(err("ERR Unrecognized option 'foo'"), "client", "setinfo", "foo", "1");
        assertRun(err("ERR lib-name cannot contain spaces, newlines or special characters."),
                "client", "setinfo", "lib-name", "a b");
        assertThat(text("client", "info")).contains(" lib-name=jedis lib-ver=5.1.0\n");
    }

    @Test
    void info_describesThisConnection() {
        run("client", "setname", "me");
        clock.advance(3000);
        String line = text("client", "info");
        assertThat(line).startsWith("id=" + session.id() + " addr=127.0.0.1:50000 laddr=127.0.0.1:7380 name=me age=3 idle=0 ")
                .contains(" cmd=client|info ").contains(" resp=2 ").endsWith("\n");
    }

    @Test
    void list_everyConnectionInIdOrder() {
        FakeSession other = connect();
        String list = text("client", "list");
        assertThat(list.split("\n")).hasSize(2);
        assertThat(list).startsWith("id=" + session.id() + " ").contains("\nid=" + other.id() + " ");
        assertThat(text("client", "list", "id", Long.toString(other.id()))).startsWith("id=" + other.id() + " ");
        assertThat(text("client", "list", "type", "normal").split("\n")).hasSize(2);
        assertThat(text("client", "list", "type", "pubsub")).isEmpty();
        assertRun(err("ERR Unknown client type 'foo'"), "client", "list", "type", "foo");
        assertRun(err("ERR Invalid client ID"), "client", "list", "id", "abc");
        assertRun(err("ERR syntax error"), "client", "list", "foo");
    }

    @Test
    void list_idleCountsFromEachConnectionsLastCommand() {
        FakeSession other = connect();
        reply(other, "ping");
        nanos.addAndGet(7_000_000_000L);
        reply(other, "get", "k");
        nanos.addAndGet(5_000_000_000L);
        String list = text("client", "list");
        assertThat(list).startsWith("id=" + session.id() + " ").contains(" idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 cmd=client|list ");
        assertThat(list.substring(list.indexOf("\nid=" + other.id() + " ")))
                .contains(" idle=5 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 cmd=get ");
    }

    @Test
    void help_listsTheSubcommandsInRedisLayout() {
        String help = run("client", "help");
        assertThat(help).startsWith("*35\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+GETNAME\r\n+    Return the name of the current connection.\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
        assertRun(err("ERR wrong number of arguments for 'client|help' command"), "client", "help", "x");
    }

    private String text(String... args) {
        return ((Reply.Verbatim) reply(session, args)).text();
    }
}
