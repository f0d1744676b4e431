package chkv.node.datanode;

import chkv.api.spi.ClientLimits;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A transport without sockets: keeps the handler a node registers and records what is closed. */
final class FakeTransport implements Transport {
    final List<String> events;
    CommandHandler handler;
    /** What the node set on its RESP endpoint. */
    ClientLimits limits = ClientLimits.DEFAULTS;
    RuntimeException failServe;
    boolean closed;

    FakeTransport(List<String> events) {
        this.events = events;
    }

    FakeTransport() {
        this(new ArrayList<>());
    }

    @Override
    public String multiplexingApi() {
        return "fake";
    }

    @Override
    public RespEndpoint serveResp(InetSocketAddress bind, CommandHandler commandHandler) {
        if (failServe != null) {
            throw failServe;
        }
        handler = commandHandler;
        InetSocketAddress bound = new InetSocketAddress(bind.getAddress(), bind.getPort() == 0 ? 46_379 : bind.getPort());
        return new RespEndpoint() {
            @Override
            public InetSocketAddress address() {
                return bound;
            }

            @Override
            public void clientLimits(ClientLimits newLimits) {
                FakeTransport.this.limits = newLimits;
            }

            @Override
            public ClientLimits clientLimits() {
                return limits;
            }

            @Override
            public void close() {
                events.add("endpoint closed");
            }
        };
    }

    @Override
    public CompletionStage<RespConnection> connectResp(InetSocketAddress address) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no client side"));
    }

    @Override
    public Endpoint serveMessages(InetSocketAddress bind, MessageHandler messageHandler) {
        throw new UnsupportedOperationException("no internal messages");
    }

    @Override
    public CompletionStage<MessageConnection> connectMessages(InetSocketAddress address, MessageHandler h) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no internal messages"));
    }

    @Override
    public void close() {
        closed = true;
        events.add("transport closed");
    }
}
