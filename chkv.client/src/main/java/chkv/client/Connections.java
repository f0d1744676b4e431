package chkv.client;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The pipelined connections to each DataNode, opened on first use and again after one closes.
 * Each speaks RESP3 (so replies keep their types for a RESP3 client of the proxy; the transport
 * degrades them for a RESP2 one) and authenticates when the nodes require a password. A command
 * sent from one of the transport's I/O threads (a proxy forwarding a client's command) goes on a
 * connection of that thread, so it is written and its reply completed without a thread hand-off;
 * from any other thread, on one of the shared connections.
 */
final class Connections implements AutoCloseable {
    private final Transport transport;
    private final Deadlines deadlines;
    private final int perNode;
    private final String password;
    private final Map<InetSocketAddress, AtomicReferenceArray<Gate<Link>>> nodes =
            new ConcurrentHashMap<>();
    /** Per I/O thread, its own connection to each node; only the thread itself adds to its map. */
    private final Map<Thread, Map<InetSocketAddress, Gate<Link>>> local =
            new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A connection and its commands in flight, which the deadlines watch. */
    record Link(Transport.RespConnection connection, Deadlines.Track track) {
        void close() {
            track.release();
            connection.close();
        }

        /**
         * Closes once every command sent on it has its reply, or has failed by its deadline: a
         * node out of the ring still answers them (with {@code -MOVED}), while closing at once
         * would fail commands that the client cannot send again, since they may have run.
         */
        void closeWhenAnswered() {
            CompletableFuture<?> pending = track.pending();
            if (pending == null) {
                close();
            } else {
                pending.whenComplete((reply, failure) -> closeWhenAnswered());
            }
        }
    }

    /**
     * @param transport opens the connections
     * @param deadlines fails the commands that wait too long for their replies
     * @param perNode connections to each node
     * @param password the nodes' password, or {@code null}
     */
    Connections(Transport transport, Deadlines deadlines, int perNode, String password) {
        this.transport = transport;
        this.deadlines = deadlines;
        this.perNode = perNode;
        this.password = password;
    }

    /**
     * Sends on the connection {@code lane} picks, so commands of one lane keep their order.
     *
     * @param node the DataNode
     * @param lane any number; commands of the same lane share a connection
     * @param commands sent back to back on one connection, the last one's reply returned
     * @return the last command's reply; exceptionally with {@link Unreachable} when no
     *     connection could be opened, with a {@link java.util.concurrent.TimeoutException} when
     *     the reply did not come within the timeout
     */
    CompletionStage<Reply> send(InetSocketAddress node, int lane, byte[][]... commands) {
        if (closed) {
            return CompletableFuture.failedFuture(new ChkvException("client: closed (expected: open)"));
        }
        Gate<Link> gate = route(node, lane);
        Link ready = gate.value();
        if (ready != null) {
            return sendAll(ready, commands);
        }
        return gate.then(link -> sendAll(link, commands));
    }

    /** {@link #send(InetSocketAddress, int, byte[][]...)} of one command, the proxy's every command. */
    CompletionStage<Reply> send(InetSocketAddress node, int lane, byte[][] command) {
        if (closed) {
            return CompletableFuture.failedFuture(new ChkvException("client: closed (expected: open)"));
        }
        Gate<Link> gate = route(node, lane);
        Link ready = gate.value();
        if (ready != null) {
            return sendOne(ready, command);
        }
        return gate.then(link -> sendOne(link, command));
    }

    private Gate<Link> route(InetSocketAddress node, int lane) {
        // a thread with connections of its own is an I/O thread: only those add a map, so the
        // transport is asked only the first time
        Map<InetSocketAddress, Gate<Link>> mine = local.get(Thread.currentThread());
        return mine != null || transport.onIoThread()
                ? here(node, mine)
                : gate(node, Math.floorMod(lane, perNode));
    }

    private static CompletionStage<Reply> sendOne(Link link, byte[][] command) {
        CompletableFuture<Reply> reply = link.connection().send(command).toCompletableFuture();
        link.track().add(reply);
        return reply;
    }

    private static CompletionStage<Reply> sendAll(Link link, byte[][][] commands) {
        CompletableFuture<Reply> last = null;
        for (byte[][] command : commands) {
            last = link.connection().send(command).toCompletableFuture();
            link.track().add(last);
        }
        return last;
    }

    /**
     * @param node the DataNode
     * @return a new connection of the caller's own to {@code node}, on the calling I/O thread when
     *     called on one, whose commands time out as the shared ones do; the caller closes it
     */
    CompletionStage<Transport.RespConnection> dedicated(InetSocketAddress node) {
        Gate<Link> gate = new Gate<>();
        open(node, gate, true);
        return gate.then(link -> CompletableFuture.completedFuture(new Transport.RespConnection() {
            @Override
            public CompletionStage<Reply> send(byte[]... args) {
                return sendAll(link, new byte[][][] {args});
            }

            @Override
            public boolean isOpen() {
                return link.connection().isOpen();
            }

            @Override
            public void close() {
                link.close();
            }
        }));
    }

    /**
     * The calling I/O thread's connection to {@code node}, opened on that thread when needed.
     * {@code known} is the thread's map, or {@code null} when it has none yet.
     */
    private Gate<Link> here(InetSocketAddress node, Map<InetSocketAddress, Gate<Link>> known) {
        Map<InetSocketAddress, Gate<Link>> mine = known;
        if (mine == null) {
            mine = new ConcurrentHashMap<>();
            local.put(Thread.currentThread(), mine);
        }
        Gate<Link> current = mine.get(node);
        if (current != null && !stale(current)) {
            return current;
        }
        Gate<Link> fresh = new Gate<>();
        mine.put(node, fresh);
        if (current != null && current.value() != null) {
            current.value().close();
        }
        open(node, fresh, true);
        return fresh;
    }

    private Gate<Link> gate(InetSocketAddress node, int index) {
        var slots = nodes.computeIfAbsent(node, n -> new AtomicReferenceArray<>(perNode));
        while (true) {
            Gate<Link> current = slots.get(index);
            if (current != null && !stale(current)) {
                return current;
            }
            Gate<Link> fresh = new Gate<>();
            if (slots.compareAndSet(index, current, fresh)) {
                if (current != null && current.value() != null) {
                    current.value().close();
                }
                open(node, fresh, false);
                return fresh;
            }
        }
    }

    private static boolean stale(Gate<Link> gate) {
        return gate.failed() || (gate.isOpen() && !gate.value().connection().isOpen());
    }

    private void open(InetSocketAddress node, Gate<Link> gate, boolean here) {
        var opening = here ? transport.connectRespHere(node) : transport.connectResp(node);
        opening.whenComplete((connection, failure) -> {
            if (failure != null) {
                gate.fail(new Unreachable("DataNode " + node + ": unreachable (" + rootMessage(failure) + ")", failure));
                return;
            }
            connection.send(hello()).whenComplete((reply, f) -> {
                if (f == null && !(reply instanceof Reply.Error)) {
                    Link link = new Link(connection, deadlines.track());
                    gate.complete(link);
                    if (closed) {
                        link.close();
                    }
                    return;
                }
                connection.close();
                String why = f != null ? rootMessage(f) : ((Reply.Error) reply).message();
                gate.fail(new Unreachable("DataNode " + node + ": HELLO failed (" + why + ")", f));
            });
        });
    }

    private byte[][] hello() {
        List<byte[]> args = new ArrayList<>(List.of(ascii("HELLO"), ascii("3")));
        if (password != null) {
            args.addAll(List.of(ascii("AUTH"), ascii("default"), password.getBytes(StandardCharsets.UTF_8)));
        }
        return args.toArray(byte[][]::new);
    }

    /**
     * Closes the connections to nodes that are no longer members, each once the commands in
     * flight on it have their replies.
     */
    void retain(Set<InetSocketAddress> members) {
        for (var node : List.copyOf(nodes.keySet())) {
            if (!members.contains(node)) {
                closeAll(nodes.remove(node), Link::closeWhenAnswered);
            }
        }
        for (var mine : local.values()) {
            for (var node : List.copyOf(mine.keySet())) {
                if (!members.contains(node)) {
                    closeOne(mine.remove(node), Link::closeWhenAnswered);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        deadlines.close();
        for (var node : List.copyOf(nodes.keySet())) {
            closeAll(nodes.remove(node), Link::close);
        }
        for (var thread : List.copyOf(local.keySet())) {
            var mine = local.remove(thread);
            if (mine != null) {
                mine.values().forEach(gate -> closeOne(gate, Link::close));
            }
        }
    }

    private static void closeOne(Gate<Link> gate, Consumer<Link> closing) {
        if (gate != null) {
            // one still opening is closed once open, after the commands waiting for it
            gate.then(link -> {
                closing.accept(link);
                return CompletableFuture.completedFuture(null);
            });
        }
    }

    private static void closeAll(AtomicReferenceArray<Gate<Link>> slots, Consumer<Link> closing) {
        if (slots == null) {
            return;
        }
        for (int i = 0; i < slots.length(); i++) {
            closeOne(slots.get(i), closing);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
