package chkv.node.namenode;

import chkv.api.spi.Transport;
import chkv.api.spi.Transport.MessageConnection;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting side of each control connection: runs the cluster-secret handshake on the I/O
 * thread, then hands requests to the NameNode's loop. Until a connection has proved it holds the
 * secret, anything but the next handshake step is refused and the connection closed, so a process
 * without the secret can neither join, heartbeat, subscribe nor order anything.
 */
final class ControlHandler implements Transport.MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);
    /** A connection that has not finished the handshake by then is closed. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final ClusterAuth auth;
    private final Registry registry;
    private final ScheduledExecutorService loop;
    private final long handshakeTimeoutMillis;
    private final ConcurrentHashMap<MessageConnection, Peer> peers = new ConcurrentHashMap<>();

    /**
     * @param auth the cluster secret
     * @param registry serves the requests
     * @param loop the NameNode's loop thread
     * @param handshakeTimeoutMillis how long after its Hello a connection may take to prove the secret
     */
    ControlHandler(ClusterAuth auth, Registry registry, ScheduledExecutorService loop, long handshakeTimeoutMillis) {
        this.auth = auth;
        this.registry = registry;
        this.loop = loop;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    public void received(MessageConnection from, Object message) {
        Peer peer = peers.computeIfAbsent(from, _ -> new Peer());
        switch (peer.stage) {
            case HELLO, PROOF -> handshake(from, peer, message);
            case WELCOMED -> request(from, peer, message);
            case REFUSED -> { } // closing: the refusal said why
        }
    }

    @Override
    public void closed(MessageConnection connection) {
        Peer peer = peers.remove(connection);
        String memberId = peer == null ? null : peer.memberId;
        onLoop(() -> registry.disconnected(connection, memberId));
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
            refuse(from, peer, "cluster secret does not match the NameNode's "
                    + "(expected: the same --cluster-secret on every process)");
        } else {
            peer.stage = Stage.WELCOMED;
            from.send(new ClusterMessage.Welcome(auth.acceptingProof(peer.theirNonce, peer.ourNonce)));
            LOG.debug("control connection from {} ({}): welcomed", from.remoteAddress(), peer.role);
        }
    }

    private void request(MessageConnection from, Peer peer, Object message) {
        switch (message) {
            case ClusterMessage.Heartbeat beat -> registry.heartbeat(from, beat);
            case ClusterMessage.Join join -> onLoop(() -> {
                String id = registry.join(from, join);
                if (id != null) {
                    peer.memberId = id;
                }
            });
            case ClusterMessage.Leave(String memberId) -> onLoop(() -> registry.leave(from, memberId));
            case ClusterMessage.Subscribe(long knownEpoch) -> onLoop(() -> registry.subscribe(from, knownEpoch));
            case ClusterMessage.StatusRequest _ -> onLoop(() -> registry.status(from));
            default -> from.send(new ClusterMessage.Refused(name(message) + " (expected: Join, Leave, Heartbeat, "
                    + "Subscribe or StatusRequest)"));
        }
    }

    private void refuse(MessageConnection from, Peer peer, String reason) {
        peer.stage = Stage.REFUSED;
        LOG.warn("control connection from {} refused: {}", from.remoteAddress(), reason);
        from.send(new ClusterMessage.Refused(reason)).whenComplete((_, _) -> from.close());
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> runQuietly(task));
        } catch (RejectedExecutionException e) {
            // the NameNode is closing: the request dies with the connection
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            loop.schedule(() -> runQuietly(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** A failed request must not take the loop thread down with it. */
    static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("namenode task failed", e);
        }
    }

    private static String name(Object message) {
        return message.getClass().getSimpleName();
    }

    private enum Stage { HELLO, PROOF, WELCOMED, REFUSED }

    /** One connection's handshake, driven by its I/O thread; the loop reads the stage at the deadline. */
    private static final class Peer {
        private volatile Stage stage = Stage.HELLO;
        private String role;
        private byte[] theirNonce;
        private byte[] ourNonce;
        /** Set on the loop when a Join on this connection succeeded. */
        private volatile String memberId;
    }
}
