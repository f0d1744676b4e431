package chkv.node.proxy;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * A DataNode connection that one client connection holds for its transactions. Commands sent
 * while it opens, or while a transaction waits for the node's answer to MULTI, wait in order and
 * go out after: a future's dependents would run in reverse order, WATCH must reach the node
 * before the MULTI behind it, and nothing may slip between MULTI and the queue.
 */
final class Pin {
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    private final String owner;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private Transport.RespConnection connection;
    private Throwable failure;
    private boolean closed;
    /** A transaction's MULTI is out and its queue not yet. */
    private boolean busy;
    /** Commands (or whole transactions) sent or waiting whose replies have not come. */
    private int pending;
    private boolean retired;

    /** @param owner the node's id @param opening the connection being opened */
    Pin(String owner, CompletionStage<Transport.RespConnection> opening) {
        this.owner = owner;
        opening.whenComplete(this::opened);
    }

    /** @return the id of the node this connection goes to; empty when it was any node */
    String owner() {
        return owner;
    }

    /** @param args a command @return its reply, after the replies of the commands sent before it */
    CompletionStage<Reply> send(byte[]... args) {
        CompletableFuture<Reply> reply = counted();
        run(() -> sendNow(args, reply));
        return reply;
    }

    /** @return a reply that counts as pending until it completes */
    private CompletableFuture<Reply> counted() {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        synchronized (this) {
            pending++;
        }
        reply.whenComplete((r, f) -> answered());
        return reply;
    }

    private void answered() {
        boolean close;
        synchronized (this) {
            pending--;
            close = retired && pending == 0;
        }
        if (close) {
            close();
        }
    }

    /**
     * Closes the connection once every reply came, so that the commands sent on it run before
     * whatever the client sends to the node another way from now on.
     */
    void retire() {
        boolean close;
        synchronized (this) {
            retired = true;
            close = pending == 0;
        }
        if (close) {
            close();
        }
    }

    /**
     * Sends MULTI and, once the node accepted it, the queue and EXEC back to back: a node that
     * refused MULTI would run the commands one by one.
     *
     * @param commands the commands MULTI queued
     * @return EXEC's reply, or MULTI's error
     */
    CompletionStage<Reply> transaction(List<byte[][]> commands) {
        CompletableFuture<Reply> result = counted();
        run(() -> {
            synchronized (this) {
                busy = true;
            }
            CompletableFuture<Reply> multi = new CompletableFuture<>();
            sendNow(MULTI, multi);
            multi.whenComplete((reply, f) -> {
                if (f != null) {
                    result.completeExceptionally(f);
                } else if (reply instanceof Reply.Error) {
                    result.complete(reply);
                } else {
                    for (byte[][] command : commands) {
                        sendNow(command, new CompletableFuture<>());
                    }
                    sendNow(EXEC, result);
                }
                synchronized (this) {
                    busy = false;
                }
                drain();
            });
        });
        return result;
    }

    private void run(Runnable work) {
        synchronized (this) {
            if (connection == null && failure == null || busy || !waiting.isEmpty()) {
                waiting.add(work);
                return;
            }
        }
        work.run();
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (busy || (next = waiting.poll()) == null) {
                    return;
                }
            }
            next.run();
        }
    }

    private void sendNow(byte[][] args, CompletableFuture<Reply> reply) {
        if (failure != null) {
            reply.completeExceptionally(failure);
            return;
        }
        connection.send(args).whenComplete((value, f) -> {
            if (f == null) {
                reply.complete(value);
            } else {
                reply.completeExceptionally(clear(f));
            }
        });
    }

    private void opened(Transport.RespConnection ready, Throwable cause) {
        synchronized (this) {
            if (cause != null) {
                failure = clear(cause);
            } else {
                connection = ready;
            }
        }
        if (ready != null && closedMeanwhile()) {
            ready.close();
        }
        drain();
    }

    private synchronized boolean closedMeanwhile() {
        return closed;
    }

    /** Held again before it closed: it stays open after its last reply. */
    synchronized void keep() {
        retired = false;
    }

    /** @return whether the connection can still be used, or is still opening */
    synchronized boolean usable() {
        return !closed && failure == null && (connection == null || connection.isOpen());
    }

    /** Closes the connection once open, which also drops the node's WATCHes of it. */
    void close() {
        Transport.RespConnection open;
        synchronized (this) {
            closed = true;
            open = connection;
        }
        if (open != null) {
            open.close();
        }
    }

    /** A timeout says what timed out; the rest say why the node could not answer. */
    private static Throwable clear(Throwable f) {
        Throwable cause = f instanceof CompletionException && f.getCause() != null ? f.getCause() : f;
        if (cause instanceof TimeoutException) {
            return new ChkvException("transaction: no reply from its DataNode within the client's timeout "
                    + "(expected: a reply)", cause);
        }
        return cause;
    }
}
