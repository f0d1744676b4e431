package chkv.cluster;

import chkv.api.ChkvException;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The connecting side of a control connection to the NameNode: opens it, runs the
 * cluster-secret handshake, and then hands every message to a listener. DataNodes, clients,
 * proxies and {@code chkv status} all talk to the NameNode through it.
 */
public final class ControlClient implements AutoCloseable {

    private final Transport.MessageConnection connection;

    private ControlClient(Transport.MessageConnection connection) {
        this.connection = connection;
    }

    /**
     * @param transport opens the connection
     * @param nameNode the NameNode's control address
     * @param role {@code datanode}, {@code client}, {@code proxy} or {@code admin}
     * @param auth the cluster secret
     * @param listener receives each message after the handshake, on an I/O thread: must not block
     * @param onClose runs once when the connection closes, also when the handshake fails
     * @return completes once the NameNode proved it holds the secret, or exceptionally with the
     *     reason (refused, wrong secret, unreachable)
     */
    public static CompletionStage<ControlClient> connect(Transport transport, InetSocketAddress nameNode, String role,
            ClusterAuth auth, Consumer<ClusterMessage> listener, Runnable onClose) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(onClose, "onClose");
        CompletableFuture<ControlClient> ready = new CompletableFuture<>();
        byte[] nonce = ClusterAuth.nonce();
        Handshake handshake = new Handshake(auth, nonce, ready, listener, onClose, nameNode);
        transport.connectMessages(nameNode, handshake).whenComplete((connection, failure) -> {
            if (failure != null) {
                ready.completeExceptionally(new ChkvException("NameNode " + nameNode + ": unreachable ("
                        + rootMessage(failure) + ")", failure));
                handshake.closed(null);
                return;
            }
            handshake.connection = connection;
            connection.send(new ClusterMessage.Hello(role, nonce));
        });
        return ready;
    }

    /** @param message sent as is @return completes once written */
    public CompletionStage<Void> send(ClusterMessage message) {
        return connection.send(message);
    }

    /** @return whether the connection is open */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** @return the NameNode's address */
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public void close() {
        connection.close();
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Answers the challenge, checks the NameNode's proof, then passes messages on. */
    private static final class Handshake implements Transport.MessageHandler {
        private final ClusterAuth auth;
        private final byte[] nonce;
        private final CompletableFuture<ControlClient> ready;
        private final Consumer<ClusterMessage> listener;
        private final Runnable onClose;
        private final InetSocketAddress nameNode;
        private volatile Transport.MessageConnection connection;
        private byte[] theirNonce;
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        Handshake(ClusterAuth auth, byte[] nonce, CompletableFuture<ControlClient> ready,
                Consumer<ClusterMessage> listener, Runnable onClose, InetSocketAddress nameNode) {
            this.auth = auth;
            this.nonce = nonce;
            this.ready = ready;
            this.listener = listener;
            this.onClose = onClose;
            this.nameNode = nameNode;
        }

        @Override
        public void received(Transport.MessageConnection from, Object message) {
            if (ready.isDone() && !ready.isCompletedExceptionally()) {
                if (message instanceof ClusterMessage m) {
                    listener.accept(m);
                }
                return;
            }
            switch (message) {
                case ClusterMessage.Challenge(byte[] challenge) -> {
                    theirNonce = challenge;
                    from.send(new ClusterMessage.Proof(auth.connectingProof(nonce, challenge)));
                }
                case ClusterMessage.Welcome(byte[] mac) -> {
                    if (theirNonce != null && ClusterAuth.matches(auth.acceptingProof(nonce, theirNonce), mac)) {
                        ready.complete(new ControlClient(from));
                    } else {
                        fail(from, "NameNode " + nameNode + ": its proof does not match the cluster secret "
                                + "(expected: the same --cluster-secret on every process)");
                    }
                }
                case ClusterMessage.Refused(String reason) -> fail(from, "NameNode " + nameNode + " refused: " + reason);
                default -> fail(from, "NameNode " + nameNode + ": " + message.getClass().getSimpleName()
                        + " during the handshake (expected: Challenge, then Welcome)");
            }
        }

        private void fail(Transport.MessageConnection from, String reason) {
            ready.completeExceptionally(new ChkvException(reason));
            from.close();
        }

        @Override
        public void closed(Transport.MessageConnection connection) {
            ready.completeExceptionally(new ChkvException("NameNode " + nameNode
                    + ": closed the connection during the handshake (expected: the same --cluster-secret)"));
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
