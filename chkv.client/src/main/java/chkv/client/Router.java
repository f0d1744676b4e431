package chkv.client;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.cluster.Member;
import chkv.cluster.Placement;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one command to one node and sees it through: follows {@code -MOVED} to the node named
 * (asking the NameNode for a newer epoch meanwhile; at once the first time, after a backoff when
 * nodes keep redirecting, as they do for a moment while an epoch reaches them all), follows
 * {@code -ASK} by sending {@code ASKING} first, waits and sends again on {@code -TRYAGAIN} (a
 * range frozen for the last step of a hand-over) and when a node cannot be connected to (so
 * the command was never sent), at most {@value #MAX_TRIES} times with a doubling backoff, about
 * 1.3 s in all. A command that was sent is never sent twice for a lost connection: it may
 * have run.
 */
final class Router {
    static final int MAX_TRIES = 8;
    static final long FIRST_BACKOFF_MILLIS = 10;
    static final Reply CLUSTER_DOWN = Reply.error("CLUSTERDOWN Hash slot not served");
    private static final byte[][] ASKING = {Connections.ascii("ASKING")};

    private final Connections connections;
    private final TopologyWatcher watcher;
    private final Executor timer;
    private final long timeoutMillis;

    Router(Connections connections, TopologyWatcher watcher, Executor timer, long timeoutMillis) {
        this.connections = connections;
        this.watcher = watcher;
        this.timer = timer;
        this.timeoutMillis = timeoutMillis;
    }

    /** Where a command goes: the owner of a key, a given node, or any ring member. */
    record Target(byte[] key, InetSocketAddress node) {
        static Target owner(byte[] key) {
            return new Target(key, null);
        }

        static Target node(InetSocketAddress node) {
            return new Target(null, node);
        }

        static final Target ANY = new Target(null, null);

        InetSocketAddress resolve(Placement placement) {
            if (node != null) {
                return node;
            }
            if (key != null) {
                return placement.owner(key).respAddress();
            }
            List<Member> members = placement.topology().ringMembers();
            return members.get(ThreadLocalRandom.current().nextInt(members.size())).respAddress();
        }
    }

    /** @return the placement commands are routed by now, or {@code null} when no node owns keys */
    Placement placement() {
        Placement p = watcher.current();
        return p == null || p.isEmpty() ? null : p;
    }

    /** @param target where @param command what @return its reply, redirects followed */
    CompletionStage<Reply> send(Target target, byte[][] command) {
        CompletableFuture<Reply> result = new CompletableFuture<>();
        attempt(target, command, false, 1, result);
        return result;
    }

    private void attempt(Target target, byte[][] command, boolean asking, int tries, CompletableFuture<Reply> result) {
        Placement placement = placement();
        if (placement == null && target.node() == null) {
            result.complete(CLUSTER_DOWN);
            return;
        }
        InetSocketAddress node;
        int lane;
        if (target.node() == null && target.key() != null) {
            // the key is hashed once, for its owner and for its lane, which keeps the commands on
            // one key in order also with several connections per node
            long position = placement.position(target.key());
            node = placement.ownerOf(position).respAddress();
            lane = Long.hashCode(position);
        } else {
            node = target.resolve(placement);
            lane = 0;
        }
        CompletionStage<Reply> sent = asking
                ? connections.send(node, lane, ASKING, command)
                : connections.send(node, lane, command);
        sent.whenComplete((reply, failure) -> {
            try {
                if (failure != null) {
                    failed(target, node, command, asking, tries, unwrap(failure), result);
                } else {
                    replied(target, command, tries, reply, result);
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void replied(Target target, byte[][] command, int tries, Reply reply, CompletableFuture<Reply> result) {
        if (!(reply instanceof Reply.Error(String message)) || tries >= MAX_TRIES) {
            result.complete(reply);
            return;
        }
        if (message.startsWith("MOVED ") || message.startsWith("ASK ")) {
            InetSocketAddress to = redirect(message);
            if (to == null) {
                result.complete(reply);
                return;
            }
            boolean ask = message.startsWith("ASK ");
            if (!ask) {
                watcher.refresh();
            }
            if (ask || tries == 1) {
                attempt(Target.node(to), command, ask, tries + 1, result);
            } else {
                later(tries - 1, () -> attempt(Target.node(to), command, false, tries + 1, result), result);
            }
        } else if (message.startsWith("TRYAGAIN")) {
            later(tries, () -> attempt(target, command, false, tries + 1, result), result);
        } else {
            result.complete(reply);
        }
    }

    private void failed(Target target, InetSocketAddress node, byte[][] command, boolean asking,
            int tries, Throwable failure, CompletableFuture<Reply> result) {
        if (failure instanceof Unreachable && tries < MAX_TRIES) {
            watcher.refresh();
            later(tries, () -> attempt(target, command, asking, tries + 1, result), result);
        } else if (failure instanceof TimeoutException) {
            result.completeExceptionally(new ChkvException("DataNode " + node + ": no reply within "
                    + timeoutMillis + " ms (expected: a reply)", failure));
        } else {
            result.completeExceptionally(failure);
        }
    }

    private void later(int tries, Runnable again, CompletableFuture<Reply> result) {
        long delay = Math.min(FIRST_BACKOFF_MILLIS << (tries - 1), 1_000);
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, timer).execute(() -> {
            try {
                again.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /**
     * @return the address of {@code MOVED <slot> <host>:<port>} or {@code ASK <slot> <host>:<port>}
     *     (the slot may be left out), or {@code null} when there is none
     */
    static InetSocketAddress redirect(String message) {
        String[] words = message.split(" ");
        if (words.length < 2 || words.length > 3) {
            return null;
        }
        String target = words[words.length - 1];
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
