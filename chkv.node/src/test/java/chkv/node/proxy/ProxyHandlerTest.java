package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.KvClient;
import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** What the proxy answers itself, in Redis's words, and what it forwards. */
class ProxyHandlerTest {
    private final List<String> forwarded = new ArrayList<>();
    private final List<CompletableFuture<Reply>> pending = new ArrayList<>();

    private final KvClient cluster = new KvClient() {
        @Override
        public CompletionStage<Reply> execute(byte[]... command) {
            List<String> words = new ArrayList<>();
            for (byte[] c : command) {
                words.add(new String(c, StandardCharsets.UTF_8));
            }
            forwarded.add(String.join(" ", words));
            CompletableFuture<Reply> reply = new CompletableFuture<>();
            pending.add(reply);
            return reply;
        }

        @Override
        public void close() {}
    };

    /** A connection's state as the transport keeps it. */
    private static final class Session implements Transport.Session {
        int protocol = 2;
        boolean authenticated = true;
        boolean closeAfterReply;
        Object attachment;

        @Override
        public long id() {
            return 7;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 50_000);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 7379);
        }

        @Override
        public int protocol() {
            return protocol;
        }

        @Override
        public void protocol(int version) {
            protocol = version;
        }

        @Override
        public void authenticated(boolean value) {
            authenticated = value;
        }

        @Override
        public void closeAfterReply() {
            closeAfterReply = true;
        }

        @Override
        public Object attachment() {
            return attachment;
        }

        @Override
        public void attach(Object state) {
            attachment = state;
        }
    }

    private final Session session = new Session();

    private ProxyHandler handler(String requirePass) {
        ProxyHandler h = new ProxyHandler(cluster, requirePass, Clock.systemUTC());
        h.connected(session);
        return h;
    }

    private static byte[][] args(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static String text(Reply reply) {
        return switch (reply) {
            case Reply.Bulk(byte[] v) -> new String(v, StandardCharsets.UTF_8);
            case Reply.Simple(String s) -> s;
            case Reply.Verbatim(String s) -> s;
            case Reply.Error(String e) -> "-" + e;
            default -> reply.toString();
        };
    }

    @Test
    void password_isRequiredBeforeAnythingButAuthHelloAndQuit() {
        ProxyHandler h = handler("pw");
        assertThat(session.authenticated).isFalse();
        assertThat(text(h.handle(session, args("GET", "k")))).isEqualTo("-NOAUTH Authentication required.");
        assertThat(forwarded).isEmpty();
        assertThatThrownBy(() -> h.handle(session, args("HELLO", "3"))).isInstanceOf(RedisException.class)
                .hasMessageStartingWith("NOAUTH HELLO must be called with the client already authenticated");
        assertThatThrownBy(() -> h.handle(session, args("AUTH", "nope"))).hasMessage(LocalCommands.WRONGPASS);
        assertThatThrownBy(() -> h.handle(session, args("AUTH", "someone", "pw"))).hasMessage(LocalCommands.WRONGPASS);
        assertThat(h.handle(session, args("AUTH", "default", "pw"))).isEqualTo(Reply.OK);
        assertThat(session.authenticated).isTrue();
        assertThat(h.handle(session, args("GET", "k"))).isInstanceOf(Reply.Deferred.class);
        assertThat(forwarded).containsExactly("GET k");
    }

    @Test
    void auth_withoutAPasswordConfigured_isRedisError() {
        ProxyHandler h = handler(null);
        assertThatThrownBy(() -> h.handle(session, args("AUTH", "x"))).hasMessage("ERR AUTH <password> called without "
                + "any password configured for the default user. Are you sure your configuration is correct?");
    }

    @Test
    void hello_switchesProtocol_andRejectsUnknownVersions() {
        ProxyHandler h = handler(null);
        Reply reply = h.handle(session, args("HELLO", "3", "SETNAME", "app"));
        assertThat(reply).isInstanceOf(Reply.Aggregate.class);
        assertThat(session.protocol).isEqualTo(3);
        assertThat(text(h.handle(session, args("CLIENT", "GETNAME")))).isEqualTo("app");
        assertThatThrownBy(() -> h.handle(session, args("HELLO", "4"))).hasMessage("NOPROTO unsupported protocol version");
        assertThatThrownBy(() -> h.handle(session, args("HELLO", "3", "BOGUS")))
                .hasMessage("ERR Syntax error in HELLO option 'BOGUS'");
    }

    @Test
    void connectionCommands_areAnsweredLocally() {
        ProxyHandler h = handler(null);
        assertThat(h.handle(session, args("PING"))).isEqualTo(Reply.PONG);
        assertThat(text(h.handle(session, args("PING", "x")))).isEqualTo("x");
        assertThatThrownBy(() -> h.handle(session, args("PING", "a", "b")))
                .hasMessage("ERR wrong number of arguments for 'ping' command");
        assertThat(text(h.handle(session, args("ECHO", "hi")))).isEqualTo("hi");
        assertThat(h.handle(session, args("SELECT", "0"))).isEqualTo(Reply.OK);
        assertThatThrownBy(() -> h.handle(session, args("SELECT", "1"))).hasMessage("ERR DB index is out of range");
        assertThatThrownBy(() -> h.handle(session, args("SELECT", "x")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThat(h.handle(session, args("CLIENT", "ID"))).isEqualTo(Reply.integer(7));
        assertThatThrownBy(() -> h.handle(session, args("CLIENT", "SETNAME", "a b")))
                .hasMessage("ERR Client names cannot contain spaces, newlines or special characters.");
        assertThatThrownBy(() -> h.handle(session, args("CLIENT", "KILL", "x")))
                .hasMessage("ERR unknown subcommand 'KILL'. Try CLIENT HELP.");
        assertThat(text(h.handle(session, args("CLIENT", "LIST")))).startsWith("id=7 addr=127.0.0.1:50000 ");
        assertThat(h.handle(session, args("QUIT"))).isEqualTo(Reply.OK);
        assertThat(session.closeAfterReply).isTrue();
        assertThat(forwarded).isEmpty();
    }

    @Test
    void command_isFetchedOnce_andAgainAfterAFailure() {
        ProxyHandler h = handler(null);
        Reply first = h.handle(session, args("COMMAND"));
        Reply second = h.handle(session, args("COMMAND"));
        assertThat(forwarded).containsExactly("COMMAND");
        pending.get(0).complete(Reply.error("CLUSTERDOWN Hash slot not served"));
        assertThat(((Reply.Deferred) first).future().toCompletableFuture().join())
                .isEqualTo(Reply.error("CLUSTERDOWN Hash slot not served"));
        assertThat(((Reply.Deferred) second).future().toCompletableFuture().join())
                .isEqualTo(Reply.error("CLUSTERDOWN Hash slot not served"));

        h.handle(session, args("COMMAND"));
        pending.get(1).complete(Reply.EMPTY_ARRAY);
        Reply cached = h.handle(session, args("COMMAND"));
        assertThat(((Reply.Deferred) cached).future().toCompletableFuture().join()).isEqualTo(Reply.EMPTY_ARRAY);
        assertThat(forwarded).containsExactly("COMMAND", "COMMAND");
        h.handle(session, args("COMMAND", "COUNT"));
        assertThat(forwarded).containsExactly("COMMAND", "COMMAND", "COMMAND COUNT");
    }

    @Test
    void disconnected_leavesClientList() {
        ProxyHandler h = handler(null);
        assertThat(h.sessions()).hasSize(1);
        h.disconnected(session);
        assertThat(h.sessions()).isEmpty();
    }
}
