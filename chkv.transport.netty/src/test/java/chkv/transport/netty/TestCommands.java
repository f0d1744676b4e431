package chkv.transport.netty;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A trivial command layer for transport tests: PING, ECHO, BIG, QUIT, HELLO, failures on demand and
 * deferred replies the test completes itself ({@code DEFER name} waits for {@link #complete}).
 */
final class TestCommands implements Transport.CommandHandler {

    /** What {@code BIG} answers: a 60 KB value, as a client that GETs a big key meets it. */
    static final byte[] BIG = new byte[60 * 1024];
    final AtomicInteger executed = new AtomicInteger();
    final Map<String, CompletableFuture<Reply>> deferred = new ConcurrentHashMap<>();
    final AtomicInteger connected = new AtomicInteger();
    final AtomicInteger disconnected = new AtomicInteger();
    final List<Transport.Session> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Reply handle(Transport.Session session, byte[][] args) {
        executed.incrementAndGet();
        String name = new String(args[0], StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT);
        return switch (name) {
            case "PING" -> args.length > 1 ? Reply.bulk(args[1]) : Reply.PONG;
            case "ECHO" -> Reply.bulk(args[1]);
            case "QUIT" -> {
                session.closeAfterReply();
                yield Reply.OK;
            }
            case "HELLO" -> {
                session.protocol(Integer.parseInt(new String(args[1], StandardCharsets.US_ASCII)));
                yield new Reply.Aggregate(Reply.Aggregate.Kind.MAP,
                        List.of(Reply.bulk("proto"), Reply.integer(session.protocol())));
            }
            case "NULL" -> Reply.NULL_BULK;
            case "BIG" -> Reply.bulk(BIG);
            case "ID" -> Reply.integer(session.id());
            case "BOOM" -> throw new IllegalStateException("boom");
            case "WRONG" -> throw new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value");
            case "DEFER" -> new Reply.Deferred(future(new String(args[1], StandardCharsets.UTF_8)));
            default -> Reply.error("ERR unknown command '" + new String(args[0], StandardCharsets.UTF_8) + "'");
        };
    }

    /** @return the future {@code DEFER name} waits on */
    CompletableFuture<Reply> future(String name) {
        return deferred.computeIfAbsent(name, k -> new CompletableFuture<>());
    }

    @Override
    public void connected(Transport.Session session) {
        sessions.add(session);
        connected.incrementAndGet();
    }

    @Override
    public void disconnected(Transport.Session session) {
        disconnected.incrementAndGet();
    }
}
