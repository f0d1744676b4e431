package chkv.node.proxy;

import chkv.api.KvClient;
import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.KeyOwners;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The proxy's command handler: connection-level commands are answered here, per client
 * connection (PING, ECHO, QUIT, AUTH, HELLO, SELECT, CLIENT, and COMMAND from a table fetched
 * once); every other command goes through the cluster client as a deferred reply, which the
 * transport keeps in pipeline order behind the replies before it. WATCH, MULTI, EXEC, DISCARD and
 * UNWATCH pin the connection's transaction to one DataNode (see {@link Transaction}).
 */
final class ProxyHandler implements Transport.CommandHandler {
    /** What a client may send before it authenticated, as Redis's {@code no-auth} commands. */
    private static final Set<String> NO_AUTH = Set.of("auth", "hello", "quit");
    /** The commands the proxy answers itself or watches; every other one is forwarded. */
    private static final String[] OWN = {"ping", "echo", "quit", "auth", "hello", "select", "client", "command",
        "multi", "exec", "discard", "watch", "unwatch", "reset"};
    /** What runs at once inside MULTI rather than being queued, as in Redis. */
    private static final Set<String> NOT_QUEUED = Set.of("exec", "discard", "multi", "watch", "quit", "reset");
    private static final byte[][] COMMAND = {"COMMAND".getBytes(StandardCharsets.US_ASCII)};

    private final KvClient cluster;
    private final String requirePass;
    private final Clock clock;
    private final Map<Long, ProxySession> sessions = new ConcurrentHashMap<>();
    private final AtomicReference<CompletableFuture<Reply>> commandTable = new AtomicReference<>();

    /**
     * @param cluster where commands go
     * @param requirePass the password clients must give, or {@code null}
     * @param clock for connection ages
     */
    ProxyHandler(KvClient cluster, String requirePass, Clock clock) {
        this.cluster = cluster;
        this.requirePass = requirePass;
        this.clock = clock;
    }

    @Override
    public void connected(Transport.Session session) {
        ProxySession state = new ProxySession(session, clock.millis(), requirePass == null,
                cluster instanceof KeyOwners owners ? new Transaction(owners, cluster) : null);
        session.attach(state);
        sessions.put(session.id(), state);
    }

    @Override
    public void disconnected(Transport.Session session) {
        ProxySession state = sessions.remove(session.id());
        if (state != null && state.transaction() != null) {
            state.transaction().close();
        }
    }

    @Override
    public Reply handle(Transport.Session session, byte[][] args) {
        ProxySession client = (ProxySession) session.attachment();
        String name = ownName(args[0]);
        if (!client.authenticated() && (name == null || !NO_AUTH.contains(name))) {
            return Reply.error("NOAUTH Authentication required.");
        }
        Transaction tx = client.transaction();
        if (tx != null && tx.inMulti() && (name == null || !NOT_QUEUED.contains(name))) {
            return tx.queue(args);
        }
        if (name == null) {
            return forward(tx, args);
        }
        return switch (name) {
            case "ping" -> args.length == 1 ? Reply.PONG : args.length == 2 ? Reply.bulk(args[1]) : arity(name);
            case "echo" -> args.length == 2 ? Reply.bulk(args[1]) : arity(name);
            case "quit" -> {
                session.closeAfterReply();
                yield Reply.OK;
            }
            case "auth" -> LocalCommands.auth(client, requirePass, args);
            case "hello" -> LocalCommands.hello(client, requirePass, args);
            case "select" -> args.length == 2 ? LocalCommands.select(args[1]) : arity(name);
            case "client" -> args.length >= 2 ? LocalCommands.client(client, this, args) : arity(name);
            case "command" -> args.length == 1 ? commandTable() : forward(tx, args);
            case "multi" -> args.length == 1 ? transaction(tx).multi() : arity(name);
            case "exec" -> args.length == 1 ? transaction(tx).exec() : arity(name);
            case "discard" -> args.length == 1 ? transaction(tx).discard() : arity(name);
            case "watch" -> args.length >= 2 ? transaction(tx).watch(args) : arity(name);
            case "unwatch" -> args.length == 1 ? transaction(tx).unwatch() : arity(name);
            case "reset" -> args.length == 1 ? reset(client) : arity(name);
            default -> forward(tx, args);
        };
    }

    /**
     * @return the name of a command the proxy answers itself or watches, in lower case, or
     *     {@code null} for one it only forwards: most commands, so no name is copied for them
     */
    static String ownName(byte[] raw) {
        for (String own : OWN) {
            if (own.length() == raw.length && sameIgnoringCase(own, raw)) {
                return own;
            }
        }
        return null;
    }

    private static boolean sameIgnoringCase(String lower, byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            int b = raw[i] >= 'A' && raw[i] <= 'Z' ? raw[i] + ('a' - 'A') : raw[i];
            if (lower.charAt(i) != b) {
                return false;
            }
        }
        return true;
    }

    private Reply forward(Transaction tx, byte[][] args) {
        return tx != null && tx.active() ? tx.forward(args) : new Reply.Deferred(cluster.execute(args));
    }

    private static Transaction transaction(Transaction tx) {
        if (tx == null) {
            throw new RedisException("ERR transactions are not supported by this proxy's cluster client");
        }
        return tx;
    }

    /** As Redis's RESET: no transaction or WATCH, RESP2, no name, and authenticated only without a password. */
    private Reply reset(ProxySession client) {
        if (client.transaction() != null) {
            client.transaction().reset();
        }
        client.name(null);
        client.session().protocol(2);
        client.authenticated(requirePass == null);
        return new Reply.Simple("RESET");
    }

    /** The nodes' command table, fetched once and kept; a failed fetch is tried again next time. */
    private Reply commandTable() {
        CompletableFuture<Reply> cached = commandTable.get();
        if (cached == null) {
            CompletableFuture<Reply> fetch = new CompletableFuture<>();
            if (commandTable.compareAndSet(null, fetch)) {
                cluster.execute(COMMAND).whenComplete((reply, failure) -> {
                    if (failure != null || reply instanceof Reply.Error) {
                        commandTable.compareAndSet(fetch, null);
                    }
                    if (failure != null) {
                        fetch.completeExceptionally(failure);
                    } else {
                        fetch.complete(reply);
                    }
                });
            }
            cached = commandTable.get();
        }
        return cached == null ? commandTable() : new Reply.Deferred(cached);
    }

    /** @return the connections being served, for {@code CLIENT LIST} */
    Collection<ProxySession> sessions() {
        return sessions.values();
    }

    long nowMillis() {
        return clock.millis();
    }

    static Reply arity(String name) {
        throw new RedisException("ERR wrong number of arguments for '" + name + "' command");
    }
}
