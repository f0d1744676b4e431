package chkv.api.spi;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * Moves bytes between processes: RESP for clients, and framed internal messages between nodes.
 * An implementation owns its threads and sockets; nothing of its networking library appears in
 * this contract.
 */
public interface Transport extends AutoCloseable {

    /**
     * Serves RESP (RESP2, RESP3 after {@code HELLO 3}, inline commands, pipelining with replies
     * in order) on {@code bind}, enforcing the limits of the {@link TransportConfig}.
     *
     * @param bind the address to listen on; port 0 picks a free one
     * @param handler executes each command
     * @return the listening endpoint, serving with {@link ClientLimits#DEFAULTS} until told otherwise
     */
    RespEndpoint serveResp(InetSocketAddress bind, CommandHandler handler);

    /**
     * Opens a RESP client connection (for a proxy or client routing to a DataNode).
     *
     * @param address the server
     * @return completes with the connection, or exceptionally when it cannot be opened
     */
    CompletionStage<RespConnection> connectResp(InetSocketAddress address);

    /**
     * Opens a RESP client connection served by the calling thread when that is one of this
     * transport's I/O threads, so that a proxy forwarding a client's command to a DataNode sends
     * it and receives the reply without handing either to another thread. From any other thread,
     * the same as {@link #connectResp}.
     *
     * @param address the server
     * @return completes with the connection, or exceptionally when it cannot be opened
     */
    default CompletionStage<RespConnection> connectRespHere(InetSocketAddress address) {
        return connectResp(address);
    }

    /**
     * @return whether the calling thread is one of this transport's I/O threads, the threads
     *     that run {@link CommandHandler}s and complete {@link RespConnection} replies
     */
    default boolean onIoThread() {
        return false;
    }

    /**
     * Serves internal messages: length-limited frames, each one object of a type registered in
     * {@link TransportConfig#messageTypes()}, after a handshake that checks the protocol version.
     *
     * @param bind the address to listen on; port 0 picks a free one
     * @param handler receives each message
     * @return the listening endpoint
     */
    Endpoint serveMessages(InetSocketAddress bind, MessageHandler handler);

    /**
     * Opens an internal message connection.
     *
     * @param address the peer
     * @param handler receives the messages the peer sends back
     * @return completes with the connection once the handshake succeeded
     */
    CompletionStage<MessageConnection> connectMessages(InetSocketAddress address, MessageHandler handler);

    /**
     * @return the I/O readiness mechanism the transport runs on, as Redis's {@code INFO} field
     *     {@code multiplexing_api} names it: {@code epoll}, {@code kqueue}, or the name of a
     *     portable fallback such as {@code nio}
     */
    String multiplexingApi();

    /** Stops every endpoint and connection and releases the transport's threads. */
    @Override
    void close();

    /** A listening socket. */
    interface Endpoint extends AutoCloseable {
        /** @return the bound address (with the real port when 0 was asked for) */
        InetSocketAddress address();

        /** Stops listening and closes the connections it accepted. */
        @Override
        void close();
    }

    /** A listening RESP socket, whose limits on clients can change while it serves. */
    interface RespEndpoint extends Endpoint {
        /**
         * Applies from now on, to open connections too (a lower {@code maxClients} closes none).
         *
         * @param limits what each client connection may hold and how long it may idle
         */
        void clientLimits(ClientLimits limits);

        /** @return the limits in force */
        ClientLimits clientLimits();
    }

    /** Executes RESP commands. Called on the transport's I/O threads: must not block. */
    @FunctionalInterface
    interface CommandHandler {
        /**
         * @param session the connection's state
         * @param args the command name and its arguments (the array and its elements are
         *     the handler's to keep)
         * @return the reply; a {@link chkv.api.Reply.Deferred} when it is not ready yet
         */
        chkv.api.Reply handle(Session session, byte[][] args);

        /** Called once when a connection opens. @param session its state */
        default void connected(Session session) {}

        /** Called once when a connection closes. @param session its state */
        default void disconnected(Session session) {}
    }

    /** The state of one client connection. */
    interface Session {
        /** @return a connection id, unique among its endpoint's connections, increasing from 1 (as CLIENT ID) */
        long id();

        /** @return the client's address */
        InetSocketAddress remoteAddress();

        /** @return the local address of the connection */
        InetSocketAddress localAddress();

        /** @return 2 or 3: the RESP version replies are encoded in */
        int protocol();

        /** @param version 2 or 3, from {@code HELLO}; applies from the next reply on */
        void protocol(int version);

        /**
         * Whether the client has authenticated. Until it has, the transport applies Redis's
         * limits on unauthenticated requests (at most 10 arguments, bulk strings of at most
         * 16 KB), answering a larger request with a protocol error and closing, so a client
         * without the password cannot make the node buffer much. A session starts
         * authenticated; the command layer clears this on connect when a password is required.
         *
         * @param authenticated whether the client may send requests of any size
         */
        void authenticated(boolean authenticated);

        /** Closes the connection once the current reply is written (QUIT). */
        void closeAfterReply();

        /**
         * Closes the connection now, from any thread ({@code CLIENT KILL}); replies not yet
         * written are dropped. The default closes it after its next reply, for sessions that
         * cannot be closed from outside.
         */
        default void close() {
            closeAfterReply();
        }

        /** @return the command layer's own per-connection state, or {@code null} */
        Object attachment();

        /** @param state the command layer's own per-connection state */
        void attach(Object state);
    }

    /** A RESP client connection. Thread-safe; replies complete in the order commands were sent. */
    interface RespConnection extends AutoCloseable {
        /**
         * @param args the command and its arguments
         * @return completes with the reply (error replies included), or exceptionally when the
         *     connection fails
         */
        CompletionStage<chkv.api.Reply> send(byte[]... args);

        /** @return whether the connection is open */
        boolean isOpen();

        @Override
        void close();
    }

    /** Receives internal messages. Called on I/O threads: must not block. */
    @FunctionalInterface
    interface MessageHandler {
        /**
         * @param from the connection the message came on (reply through it)
         * @param message an instance of a registered message type
         */
        void received(MessageConnection from, Object message);

        /** Called once when the connection closes. @param connection the closed connection */
        default void closed(MessageConnection connection) {}
    }

    /** An internal message connection. Thread-safe. */
    interface MessageConnection extends AutoCloseable {
        /**
         * @param message an instance of a registered message type
         * @return completes when written, or exceptionally
         */
        CompletionStage<Void> send(Object message);

        /** @return the peer's address */
        InetSocketAddress remoteAddress();

        /** @return whether the connection is open */
        boolean isOpen();

        @Override
        void close();
    }
}
