package chkv.cluster;

import chkv.api.spi.Transport;
import chkv.api.spi.Transport.MessageConnection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The accepting side of every control connection, on the NameNode and on each DataNode's
 * internal port: runs the cluster-secret handshake on the I/O thread and hands what follows to
 * the {@link Requests} of the role. Until a connection has proved it holds the secret, anything
 * but the next handshake step is refused and the connection closed, so a process without the
 * secret can order nothing.
 */
public final class ControlAcceptor implements Transport.MessageHandler {
    /** A connection that has not finished the handshake by then is closed. */
    public static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    /** What a role does with the messages of connections that proved the secret. */
    public interface Requests {
        /**
         * @param from the connection, welcomed
         * @param role the role it said it speaks for in its {@link ClusterMessage.Hello}
         * @param message the message; on an I/O thread, so hand long work elsewhere
         */
        void received(MessageConnection from, String role, ClusterMessage message);

        /** @param connection a connection that closed, welcomed or not */
        default void closed(MessageConnection connection) {}

        /** @param from a connection refused before it was welcomed @param reason why, as it was told */
        default void refused(MessageConnection from, String reason) {}
    }

    private final ClusterAuth auth;
    private final Requests requests;
    private final ScheduledExecutorService timer;
    private final long handshakeTimeoutMillis;
    private final String self;
    private final ConcurrentHashMap<MessageConnection, Peer> peers = new ConcurrentHashMap<>();

    /**
     * @param auth the cluster secret
     * @param requests serves the welcomed connections
     * @param timer enforces the handshake deadline
     * @param handshakeTimeoutMillis how long after its Hello a connection may take to prove the secret
     * @param self how refusals name this side, e.g. {@code the NameNode's}
     */
    public ControlAcceptor(ClusterAuth auth, Requests requests, ScheduledExecutorService timer,
            long handshakeTimeoutMillis, String self) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.self = Objects.requireNonNull(self, "self");
    }

    @Override
    public void received(MessageConnection from, Object message) {
        Peer peer = peers.computeIfAbsent(from, _ -> new Peer());
        switch (peer.stage) {
            case HELLO, PROOF -> handshake(from, peer, message);
            case WELCOMED -> {
                if (message instanceof ClusterMessage m) {
                    requests.received(from, peer.role, m);
                } else {
                    from.send(new ClusterMessage.Refused(name(message) + " (expected: a cluster message)"));
                }
            }
            case REFUSED -> { } // closing: the refusal said why
        }
    }

    @Override
    public void closed(MessageConnection connection) {
        peers.remove(connection);
        requests.closed(connection);
    }

    private void handshake(MessageConnection from, Peer peer, Object message) {
        if (peer.stage == Stage.HELLO) {
            if (message instanceof ClusterMessage.Hello(String role, byte[] nonce)
                    && nonce != null && nonce.length == ClusterAuth.NONCE_BYTES) {
                peer.role = role;
                peer.theirNonce = nonce;
                peer.ourNonce = ClusterAuth.nonce();
                peer.stage = Stage.PROOF;
                from.send(new ClusterMessage.Challenge(peer.ourNonce));
                schedule(() -> {
                    if (peer.stage != Stage.WELCOMED) {
                        refuse(from, peer, "handshake: not finished within " + handshakeTimeoutMillis
                                + " ms (expected: Proof right after Challenge)");
                    }
                }, handshakeTimeoutMillis);
            } else if (message instanceof ClusterMessage.Hello(String role, byte[] nonce)) {
                refuse(from, peer, "Hello: a nonce of " + (nonce == null ? 0 : nonce.length) + " bytes (expected: "
                        + ClusterAuth.NONCE_BYTES + ")");
            } else {
                refuse(from, peer, name(message) + " before the handshake (expected: Hello with a "
                        + ClusterAuth.NONCE_BYTES + "-byte nonce)");
            }
            return;
        }
        if (!(message instanceof ClusterMessage.Proof(byte[] mac))) {
            refuse(from, peer, name(message) + " during the handshake (expected: Proof)");
        } else if (!ClusterAuth.matches(auth.connectingProof(peer.theirNonce, peer.ourNonce), mac)) {
            refuse(from, peer, "cluster secret does not match " + self
                    + " (expected: the same --cluster-secret on every process)");
        } else {
            peer.stage = Stage.WELCOMED;
            from.send(new ClusterMessage.Welcome(auth.acceptingProof(peer.theirNonce, peer.ourNonce)));
        }
    }

    private void refuse(MessageConnection from, Peer peer, String reason) {
        peer.stage = Stage.REFUSED;
        requests.refused(from, reason);
        from.send(new ClusterMessage.Refused(reason)).whenComplete((_, _) -> from.close());
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static String name(Object message) {
        return message.getClass().getSimpleName();
    }

    private enum Stage { HELLO, PROOF, WELCOMED, REFUSED }

    /** One connection's handshake, driven by its I/O thread; the timer reads the stage at the deadline. */
    private static final class Peer {
        private volatile Stage stage = Stage.HELLO;
        private String role;
        private byte[] theirNonce;
        private byte[] ourNonce;
    }
}
