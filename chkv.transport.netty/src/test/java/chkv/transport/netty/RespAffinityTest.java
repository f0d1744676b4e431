package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection opened from an I/O thread with connectRespHere is served by that same thread. */
@ExtendWith(LeakCheck.class)
class RespAffinityTest {

    private final Transport transport = new NettyTransportProvider().create(TransportConfigs.small());

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void connectRespHere_fromAnIoThread_sendsAndCompletesOnThatThread() throws Exception {
        InetSocketAddress backend = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), new TestCommands()).address();
        AtomicReference<Thread> handling = new AtomicReference<>();
        AtomicReference<Thread> replied = new AtomicReference<>();
        AtomicReference<Boolean> onIo = new AtomicReference<>();
        Transport.CommandHandler hop = (session, args) -> {
            handling.set(Thread.currentThread());
            onIo.set(transport.onIoThread());
            CompletableFuture<Reply> result = new CompletableFuture<>();
            transport.connectRespHere(backend).thenCompose(c -> c.send("PING".getBytes()).whenComplete((r, f) -> {
                replied.set(Thread.currentThread());
                c.close();
            })).whenComplete((r, f) -> {
                if (f != null) {
                    result.completeExceptionally(f);
                } else {
                    result.complete(r);
                }
            });
            return new Reply.Deferred(result);
        };
        InetSocketAddress front = transport.serveResp(new InetSocketAddress("127.0.0.1", 0), hop).address();
        try (RespSocket client = new RespSocket(front)) {
            client.send("HOP\r\n");
            assertThat(client.read(7)).isEqualTo("+PONG\r\n");
        }
        assertThat(onIo.get()).as("a command handler runs on an I/O thread").isTrue();
        assertThat(replied.get()).as("the backend's reply completes on the thread that handled the command")
                .isSameAs(handling.get());
        assertThat(transport.onIoThread()).as("the test's own thread").isFalse();
    }
}
