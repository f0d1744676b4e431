package chkv.node.boot;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Follows one DataNode's join from an admin connection of its own, out of the node's way: it
 * subscribes before the node asks to join, so the epoch that makes the node {@code joining}
 * reaches it however fast the hand-over, then polls the NameNode's status until the node is up.
 * While the node is {@code joining}, every move of the plan counts as its join's: a leave
 * planned in the same epoch would show in it too, as the status does not name the targets.
 */
final class JoinWatch implements AutoCloseable {
    private static final long POLL_MS = 500;
    private static final long ANSWER_MS = 15_000; // a loaded machine answers late, and this is only a view
    /** How long a node may take to appear as a member, or to join again once declared dead. */
    private static final long APPEAR_MS = 60_000;
    private static final long FRESH_HEARTBEAT_MS = 2_000;
    private static final Object CLOSED = new Object();

    /** A message and when it came: a join may be over before {@link #follow} runs. */
    private record Arrived(long atNanos, Object message) {}

    private final BlockingQueue<Arrived> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<ControlClient> client = new CompletableFuture<>();
    private final LongSupplier nanoTime;
    private final long pollMillis;

    private JoinWatch(LongSupplier nanoTime, long pollMillis) {
        this.nanoTime = nanoTime;
        this.pollMillis = pollMillis;
    }

    /**
     * Connects and subscribes without waiting for either: call it before the node is started.
     *
     * @return a watch to {@link #follow} once the node's id is known
     */
    static JoinWatch start(Transport transport, InetSocketAddress nameNode, byte[] secret) {
        return start(transport, nameNode, secret, System::nanoTime, POLL_MS);
    }

    /** {@link #start(Transport, InetSocketAddress, byte[])} on a given clock and poll interval, for tests. */
    static JoinWatch start(Transport transport, InetSocketAddress nameNode, byte[] secret, LongSupplier nanoTime,
            long pollMillis) {
        JoinWatch watch = new JoinWatch(nanoTime, pollMillis);
        ControlClient.connect(transport, nameNode, "admin", new ClusterAuth(secret), watch::arrived,
                () -> watch.arrived(CLOSED)).whenComplete((c, failure) -> {
                    if (failure != null) {
                        watch.client.completeExceptionally(failure);
                        watch.arrived(CLOSED);
                    } else {
                        watch.client.complete(c);
                        c.send(new ClusterMessage.Subscribe(0));
                    }
                });
        return watch;
    }

    private void arrived(Object message) {
        inbox.add(new Arrived(nanoTime.getAsLong(), message));
    }

    /**
     * Shows the join of {@code memberId} until it is up; shows nothing when it came in without a
     * hand-over (the first member, a rejoin, nothing to move).
     *
     * @return whether the node joined with a hand-over that this watch showed
     */
    boolean follow(String memberId, MoveProgressView view) throws InterruptedException {
        ControlClient c;
        try {
            c = client.get(ANSWER_MS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false; // the node says so in its own log: this is only a view of it
        }
        long waitUntil = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(APPEAR_MS);
        long joiningSince = -1;
        while (true) {
            c.send(new ClusterMessage.StatusRequest());
            ClusterMessage.Status status = null;
            long answerBy = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(ANSWER_MS);
            while (status == null) {
                Arrived a = inbox.poll(Math.max(0, answerBy - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
                if (a == null || a.message() == CLOSED) {
                    return endEarly(view, joiningSince, memberId, "lost the NameNode; see chkv status");
                }
                if (a.message() instanceof ClusterMessage.TopologyUpdate(Topology t) && joiningSince < 0
                        && joining(t, memberId)) {
                    joiningSince = a.atNanos();
                } else if (a.message() instanceof ClusterMessage.Status s) {
                    status = s;
                }
            }
            Optional<Member> member = status.topology().member(memberId);
            MemberState state = member.map(Member::state).orElse(null);
            if (state == MemberState.JOINING) {
                joiningSince = joiningSince < 0 ? answerBy - TimeUnit.MILLISECONDS.toNanos(ANSWER_MS) : joiningSince;
                waitUntil = nanoTime.getAsLong() + TimeUnit.MILLISECONDS.toNanos(APPEAR_MS);
                if (status.moves().isEmpty()) {
                    view.waiting("joining, waiting for the hand-over to start");
                } else {
                    view.show(status.moves());
                }
            } else if (state == MemberState.UP || state == MemberState.SUSPECT) {
                if (joiningSince < 0) {
                    return false;
                }
                finish(c, view, memberId, status.topology().replicas() == 1, nanoTime.getAsLong() - joiningSince);
                return true;
            } else if (state == MemberState.LEAVING) {
                return endEarly(view, joiningSince, memberId, "now leaving");
            } else {
                // not a member yet, or declared dead (a slow heartbeat), which a live node answers by joining again
                String why = state == null ? "no longer a member" : "declared " + state.word();
                if (joiningSince >= 0) {
                    view.waiting(why + ", waiting for it to join again");
                }
                if (nanoTime.getAsLong() > waitUntil) {
                    return endEarly(view, joiningSince, memberId, why);
                }
            }
            Thread.sleep(pollMillis);
        }
    }

    private static boolean joining(Topology t, String memberId) {
        return t.member(memberId).map(m -> m.state() == MemberState.JOINING).orElse(false);
    }

    private static boolean endEarly(MoveProgressView view, long joiningSince, String memberId, String why) {
        if (joiningSince >= 0) {
            view.finish("join of " + memberId + " not followed to its end: " + why);
        }
        return false;
    }

    /** The final line, with the keys the node reports once it is up: see {@link MoveProgressView#keysAndBytes}. */
    private void finish(ControlClient c, MoveProgressView view, String memberId, boolean oneCopy, long tookNanos)
            throws InterruptedException {
        long held = 0;
        long upAt = nanoTime.getAsLong();
        long giveUpAt = upAt + TimeUnit.MILLISECONDS.toNanos(FRESH_HEARTBEAT_MS);
        boolean ask = oneCopy; // with replicas, the node holds more than it received
        while (ask && nanoTime.getAsLong() < giveUpAt) {
            c.send(new ClusterMessage.StatusRequest());
            ask = false;
            Arrived a = inbox.poll(Math.max(0, giveUpAt - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
            while (a != null && a.message() != CLOSED && !(a.message() instanceof ClusterMessage.Status)) {
                a = inbox.poll(Math.max(0, giveUpAt - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
            }
            if (a != null && a.message() instanceof ClusterMessage.Status s) {
                long sinceUp = TimeUnit.NANOSECONDS.toMillis(a.atNanos() - upAt);
                var report = s.members().stream().filter(r -> r.memberId().equals(memberId)).findFirst();
                if (report.isPresent() && report.get().heartbeatAgeMillis() >= 0
                        && report.get().heartbeatAgeMillis() < sinceUp) {
                    held = report.get().keys(); // a heartbeat from after the epoch that made it up
                } else {
                    Thread.sleep(Math.min(pollMillis, 100)); // heartbeats come every 100 ms
                    ask = true;
                }
            }
        }
        view.finish("joined: " + MoveProgressView.keysAndBytes(view.last(), held) + " received in "
                + MoveProgressView.seconds(tookNanos) + " s");
    }

    @Override
    public void close() {
        client.thenAccept(ControlClient::close);
    }
}
