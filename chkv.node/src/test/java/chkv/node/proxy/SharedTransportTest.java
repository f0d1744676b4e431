package chkv.node.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.KvClient;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cluster client given the proxy's transport: stays on the calling I/O thread, leaves the transport open. */
class SharedTransportTest {
    private static ProxyCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new ProxyCluster(null);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void execute_onAnIoThread_isAnsweredOnThatThread() throws Exception {
        ConcurrentLinkedQueue<String> wrongThread = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
        try (Transport shared = ProxyCluster.sharedTransport(2);
                KvClient client = cluster.client("proxy", shared);
                Transport.RespEndpoint endpoint = shared.serveResp(new InetSocketAddress("127.0.0.1", 0),
                        (session, args) -> {
                            Thread caller = Thread.currentThread();
                            served.add(caller.getName());
                            return new Reply.Deferred(client.execute(args).thenApply(reply -> {
                                if (Thread.currentThread() != caller) {
                                    wrongThread.add(caller.getName() + " -> " + Thread.currentThread().getName());
                                }
                                return reply;
                            }));
                        });
                Transport clients = ProxyCluster.sharedTransport(1)) {
            List<Transport.RespConnection> connections = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                connections.add(clients.connectResp(endpoint.address()).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
            }
            List<CompletableFuture<Reply>> replies = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                for (int i = 0; i < connections.size(); i++) {
                    String key = "k" + round + "-" + i;
                    replies.add(connections.get(i).send(b("SET"), b(key), b("v")).toCompletableFuture());
                    replies.add(connections.get(i).send(b("GET"), b(key)).toCompletableFuture());
                }
            }
            for (int i = 0; i < replies.size(); i += 2) {
                assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(Reply.OK);
                assertThat(replies.get(i + 1).get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(Reply.Bulk.class,
                        bulk -> assertThat(new String(bulk.value(), StandardCharsets.UTF_8)).isEqualTo("v"));
            }
            connections.forEach(Transport.RespConnection::close);
            // both I/O threads served clients, and no reply came back on another thread
            assertThat(served.stream().distinct().count()).isEqualTo(2);
            assertThat(wrongThread).isEmpty();
        }
    }

    @Test
    void close_leavesTheGivenTransportOpen() throws Exception {
        try (Transport shared = ProxyCluster.sharedTransport(1)) {
            KvClient client = cluster.client("proxy", shared);
            client.execute(b("SET"), b("shared"), b("1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            client.close();
            Transport.RespConnection node = shared.connectResp(cluster.dataNodes.get(0).respAddress())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            try {
                assertThat(node.send(b("PING")).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Reply.PONG);
            } finally {
                node.close();
            }
        }
    }
}
