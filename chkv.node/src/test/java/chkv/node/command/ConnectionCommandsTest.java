package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionCommandsTest extends CommandFixture {

    private String helloReply(int proto, long id) {
        String fields = bulk("server") + bulk("redis") + bulk("version") + bulk("7.0.15")
                + bulk("proto") + integer(proto) + bulk("id") + integer(id) + bulk("mode")
                + bulk("standalone") + bulk("role") + bulk("master") + bulk("modules") + "*0\r\n";
        return (proto == 3 ? "%7\r\n" : "*14\r\n") + fields;
    }

    @Test
    void ping_echo() {
        assertRun("+PONG\r\n", "ping");
        assertRun(bulk("hi"), "ping", "hi");
        assertRun(err("ERR wrong number of arguments for 'ping' command"), "ping", "a", "b");
        assertRun(bulk("x"), "echo", "x");
    }

    @Test
    void quit_closesAfterReply() {
        assertRun(ok(), "quit", "extra");
        assertThat(session.closing()).isTrue();
    }

    @Test
    void select_onlyDatabaseZero() {
        assertRun(ok(), "select", "0");
        assertRun(err("ERR DB index is out of range"), "select", "1");
        assertRun(err("ERR DB index is out of range"), "select", "-1");
        assertRun(err("ERR value is not an integer or out of range"), "select", "abc");
        assertRun(err("ERR value is out of range, value must between -2147483648 and 2147483647"),
                "select", "99999999999");
    }

    @Test
    void hello_3SwitchesTheProtocolAndRepliesInIt() {
        assertRun(helloReply(3, session.id()), "hello", "3");
        assertThat(session.protocol()).isEqualTo(3);
        assertRun("_\r\n", "get", "missing");
        assertRun(helloReply(2, session.id()), "hello", "2");
        assertThat(session.protocol()).isEqualTo(2);
    }

    @Test
    void hello_withoutVersionKeepsTheProtocol() {
        assertRun(helloReply(2, session.id()), "hello");
        assertThat(session.protocol()).isEqualTo(2);
    }

    @Test
    void hello_errors() {
        assertRun(err("NOPROTO unsupported protocol version"), "hello", "4");
        assertRun(err("NOPROTO unsupported protocol version"), "hello", "1");
        assertRun(err("ERR Protocol version is not an integer or out of range"), "hello", "abc");
        assertRun(err("ERR Syntax error in HELLO option 'foo'"), "hello", "3", "foo");
        assertRun(err("ERR Syntax error in HELLO option 'auth'"), "hello", "3", "auth", "default");
        assertRun(err("ERR Syntax error in HELLO option 'setname'"), "hello", "3", "setname");
        assertThat(session.protocol()).isEqualTo(2);
    }

    @Test
    void hello_setname() {
        run("hello", "2", "setname", "app");
        assertRun(bulk("app"), "client", "getname");
        assertRun(err("ERR Client names cannot contain spaces, newlines or special characters."),
                "hello", "3", "setname", "a b");
        assertThat(session.protocol()).isEqualTo(2);
    }

    @Test
    void hello_authenticates() {
        open("secret");
        String noauth = err("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                + "HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
                + "RESP protocol version at the same time");
        assertRun(noauth, "hello", "3");
        assertRun(err("WRONGPASS invalid username-password pair or user is disabled."),
                "hello", "3", "auth", "default", "wrong");
        assertThat(session.protocol()).isEqualTo(2);
        assertRun(helloReply(3, session.id()), "hello", "3", "AUTH", "default", "secret");
        assertRun("+PONG\r\n", "ping");
    }

    @Test
    void auth_withoutPasswordConfigured() {
        assertRun(err("ERR AUTH <password> called without any password configured for the default user. "
                + "Are you sure your configuration is correct?"), "auth", "x");
        assertRun(ok(), "auth", "default", "anything");
        assertRun(err("WRONGPASS invalid username-password pair or user is disabled."), "auth", "a", "b");
        assertRun(err("ERR syntax error"), "auth", "a", "b", "c");
    }

    @Test
    void auth_emptyRequirePassMeansNone() {
        open("");
        assertRun("+PONG\r\n", "ping");
    }

    @Test
    void auth_withPassword() {
        open("secret");
        assertRun(err("WRONGPASS invalid username-password pair or user is disabled."), "auth", "default", "x");
        assertRun(err("WRONGPASS invalid username-password pair or user is disabled."), "auth", "other", "secret");
        assertRun(ok(), "auth", "default", "secret");
        assertRun(ok(), "auth", "secret");
    }
}
