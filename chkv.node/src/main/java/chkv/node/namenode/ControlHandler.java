package chkv.node.namenode;

import chkv.api.spi.Transport;
import chkv.api.spi.Transport.MessageConnection;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ControlAcceptor;
import chkv.cluster.ClusterMessage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NameNode's requests on its control connections, behind the cluster-secret handshake of a
 * {@link ControlAcceptor}: each request goes to the NameNode's loop, so a process without the
 * secret can neither join, heartbeat, subscribe nor order anything.
 */
final class ControlHandler implements Transport.MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);
    /** A connection that has not finished the handshake by then is closed. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = ControlAcceptor.HANDSHAKE_TIMEOUT_MILLIS;

    private final Registry registry;
    private final ScheduledExecutorService loop;
    private final ControlAcceptor acceptor;
    /** The member that joined on each connection, set on the loop when its Join succeeded. */
    private final ConcurrentHashMap<MessageConnection, String> members = new ConcurrentHashMap<>();

    /**
     * @param auth the cluster secret
     * @param registry serves the requests
     * @param loop the NameNode's loop thread
     * @param handshakeTimeoutMillis how long after its Hello a connection may take to prove the secret
     */
    ControlHandler(ClusterAuth auth, Registry registry, ScheduledExecutorService loop, long handshakeTimeoutMillis) {
        this.registry = registry;
        this.loop = loop;
        this.acceptor = new ControlAcceptor(auth, new Requests(), loop, handshakeTimeoutMillis, "the NameNode's");
    }

    @Override
    public void received(MessageConnection from, Object message) {
        acceptor.received(from, message);
    }

    @Override
    public void closed(MessageConnection connection) {
        acceptor.closed(connection);
    }

    /** The requests of welcomed connections. */
    private final class Requests implements ControlAcceptor.Requests {
        @Override
        public void received(MessageConnection from, String role, ClusterMessage message) {
            switch (message) {
                case ClusterMessage.Heartbeat beat -> registry.heartbeat(from, beat);
                case ClusterMessage.Join join -> onLoop(() -> {
                    String id = registry.join(from, join);
                    if (id != null) {
                        members.put(from, id);
                    }
                });
                case ClusterMessage.Leave(String memberId) -> onLoop(() -> registry.leave(from, memberId));
                case ClusterMessage.Subscribe(long knownEpoch) -> onLoop(() -> registry.subscribe(from, knownEpoch));
                case ClusterMessage.StatusRequest _ -> onLoop(() -> registry.status(from));
                case ClusterMessage.MoveProgress progress -> onLoop(() -> registry.progress(from, progress));
                default -> from.send(new ClusterMessage.Refused(message.getClass().getSimpleName()
                        + " (expected: Join, Leave, Heartbeat, Subscribe, StatusRequest or MoveProgress)"));
            }
        }

        @Override
        public void closed(MessageConnection connection) {
            String memberId = members.remove(connection);
            onLoop(() -> registry.disconnected(connection, memberId));
        }

        @Override
        public void refused(MessageConnection from, String reason) {
            LOG.warn("control connection from {} refused: {}", from.remoteAddress(), reason);
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> runQuietly(task));
        } catch (RejectedExecutionException e) {
            // the NameNode is closing: the request dies with the connection
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
}
