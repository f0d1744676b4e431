package chkv.node.namenode;

import chkv.api.spi.FailureDetector;
import chkv.api.spi.HashFunction;
import chkv.api.spi.Transport.MessageConnection;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.ring.Ring;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the NameNode knows and serves: the current topology, its log, the subscribers, what each
 * member last reported and the hand-overs in flight. Every method but {@link #heartbeat} and
 * {@link #topology} runs on the NameNode's one loop thread, so changes are applied, logged and
 * published in one order.
 *
 * <p>Moves: a member that joins a cluster holding data, or leaves one, is {@code joining} or
 * {@code leaving} while the {@link MovePlan} of the epoch is carried out. Each source is ordered
 * its transfers, reports progress, and once every source has reported done the plan settles in
 * one new epoch. Any other change meanwhile (a death, another join) re-plans, and a source
 * whose transfers stayed the same keeps going.
 */
final class Registry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final ChangeLog log;
    private final FailureDetector detector;
    private final InstantSource clock;
    private final Set<MessageConnection> subscribers = new HashSet<>();
    private final ConcurrentHashMap<String, Report> reports = new ConcurrentHashMap<>();
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    private final Function<String, HashFunction> hashes;
    /** Each member's control connection, from its Join: orders go there. */
    private final Map<String, MessageConnection> connections = new HashMap<>();
    /** Who asked each leaving member to leave, answered once it is out. */
    private final Map<String, List<MessageConnection>> leaveWaiters = new HashMap<>();
    private final Moves moves;
    private volatile Topology topology;
    /** The members of {@link #topology} by id, swapped with it: heartbeats look members up often. */
    private volatile Map<String, Member> byId;

    /**
     * @param log where each change is made durable before it is published
     * @param recovered the topology the log replayed to
     * @param detector told of each member's life; a member of the ring starts as freshly heard
     *     from, so that one that never comes back after a restart is still declared dead
     * @param clock dates heartbeats, for the age {@code chkv status} shows
     * @param hashes the hash function of a name, to plan moves on the ring
     */
    Registry(ChangeLog log, Topology recovered, FailureDetector detector, InstantSource clock,
            Function<String, HashFunction> hashes) {
        this.log = log;
        this.topology = recovered;
        this.byId = index(recovered);
        this.detector = detector;
        this.clock = clock;
        this.hashes = hashes;
        this.moves = new Moves(clock, this::send);
        for (Member m : recovered.members()) {
            if (watched(m)) {
                detector.heartbeat(m.id());
            }
        }
        replan();
    }

    /** A member the detector judges: one that owns ranges or is about to. */
    static boolean watched(Member m) {
        return m.state().inRing() || m.state() == MemberState.JOINING;
    }

    /** @return the current topology; any thread */
    Topology topology() {
        return topology;
    }

    /**
     * Applies a change: logs it, then publishes the epoch it produced to every subscriber.
     *
     * @param change the command
     * @return the topology after it, the same one when the change altered nothing
     * @throws IOException when the change could not be made durable; nothing was published
     */
    Topology commit(Change change) throws IOException {
        return commit(change, null);
    }

    /**
     * @param requester a subscriber that hears of the new epoch in the reply to its request
     *     instead, or {@code null}
     */
    private Topology commit(Change change, MessageConnection requester) throws IOException {
        Optional<Topology> next = Membership.apply(topology, change);
        if (next.isEmpty()) {
            return topology;
        }
        log.append(next.get().epoch(), change);
        byId = index(next.get());
        topology = next.get();
        LOG.info("epoch {}: {}", topology.epoch(), change);
        ClusterMessage update = new ClusterMessage.TopologyUpdate(topology);
        for (MessageConnection s : subscribers) {
            if (s != requester) {
                s.send(update);
            }
        }
        answerLeaves();
        replan();
        return topology;
    }

    /** Tells those who asked a member to leave that it is out (or dead, which ends its leave too). */
    private void answerLeaves() {
        var it = leaveWaiters.entrySet().iterator();
        while (it.hasNext()) {
            var waiting = it.next();
            Optional<Member> m = topology.member(waiting.getKey());
            if (m.isEmpty() || m.get().state() == MemberState.DEAD) {
                forget(waiting.getKey(), m.isEmpty());
                for (MessageConnection c : waiting.getValue()) {
                    c.send(new ClusterMessage.Left(topology));
                }
                it.remove();
            }
        }
    }

    private void forget(String memberId, boolean removed) {
        if (removed) {
            detector.remove(memberId);
            reports.remove(memberId);
            connections.remove(memberId);
        }
        suspects.remove(memberId);
    }

    /** Orders the moves the current epoch calls for, and settles the plan once none is pending. */
    private void replan() {
        moves.replan(topology.unsettled() ? MovePlan.of(topology, hashes.apply(topology.hash())) : MovePlan.NONE,
                topology.epoch());
        settleIfDone();
    }

    private void settleIfDone() {
        if (!topology.unsettled() || !moves.done()) {
            return;
        }
        try {
            commit(new Change.Settle(moves.plan().joining(), moves.plan().leaving()));
        } catch (IOException e) {
            // the sources stay frozen until it is logged: the next report or tick tries again
            LOG.error("epoch {}: the moves are done, but settling them could not be logged", topology.epoch(), e);
        }
    }

    /** Settles a plan whose last report found the log unwritable; called on every tick. */
    void retrySettle() {
        settleIfDone();
    }

    private void send(String memberId, ClusterMessage message) {
        MessageConnection c = connections.get(memberId);
        if (c != null) {
            c.send(message);
        }
    }

    /** @param from a source @param progress its report on its order */
    void progress(MessageConnection from, ClusterMessage.MoveProgress progress) {
        if (moves.progress(progress)) {
            settleIfDone();
        }
    }

    /** @return the id of the member that joined, or {@code null} when it was refused */
    String join(MessageConnection from, ClusterMessage.Join join) {
        Member member;
        try {
            if (join.weight() > Ring.MAX_WEIGHT) {
                throw new IllegalArgumentException("join: weight " + join.weight()
                        + " (expected: 1 to " + Ring.MAX_WEIGHT + ")");
            }
            if (join.host() == null || join.host().isBlank()) {
                throw new IllegalArgumentException("join: no host (expected: the address clients reach it on)");
            }
            String id = Member.idOf(join.host(), join.respPort());
            member = new Member(id, join.host(), join.respPort(), join.controlPort(),
                    standing(topology.member(id), join.controlPort()), join.weight());
        } catch (IllegalArgumentException e) {
            from.send(new ClusterMessage.Refused(e.getMessage()));
            return null;
        }
        Topology joined;
        try {
            joined = commit(new Change.AddMember(member), from);
        } catch (IOException e) {
            refuseUnlogged(from, "join of " + member.id(), e);
            return null;
        }
        // the join is the first evidence of the member's life, and clears an earlier death
        detector.heartbeat(member.id());
        suspects.remove(member.id());
        from.send(new ClusterMessage.Joined(member.id(), joined));
        subscribers.add(from);
        connections.put(member.id(), from);
        moves.reconnected(member.id());
        return member.id();
    }

    /**
     * A live member that joins again keeps where it stands; a new or dead one is joining while
     * ranges move to it, or up at once when there is nothing to move or no port to move it to.
     */
    private MemberState standing(Optional<Member> existing, int controlPort) {
        if (existing.isPresent() && existing.get().state() != MemberState.DEAD) {
            return existing.get().state();
        }
        boolean others = topology.ringMembers().stream().anyMatch(m -> existing.map(e -> !e.id().equals(m.id())).orElse(true));
        return controlPort != 0 && others ? MemberState.JOINING : MemberState.UP;
    }

    /**
     * A member that owns ranges hands them over first: it is {@code leaving} until the plan
     * settles, and the requester hears {@code Left} then. Any other member goes at once.
     */
    void leave(MessageConnection from, String memberId) {
        Optional<Member> member = topology.member(memberId);
        if (member.isEmpty()) {
            from.send(new ClusterMessage.Refused("leave: " + memberId + " is not a member (expected one of: "
                    + String.join(", ", topology.members().stream().map(Member::id).toList()) + ")"));
            return;
        }
        Member m = member.get();
        boolean handsOver = m.state().inRing() && m.controlPort() != 0
                && topology.settledMembers().stream().anyMatch(o -> !o.id().equals(memberId));
        leaveWaiters.computeIfAbsent(memberId, _ -> new ArrayList<>()).add(from);
        try {
            if (handsOver) {
                commit(new Change.SetState(memberId, MemberState.LEAVING));
            } else {
                commit(new Change.RemoveMember(memberId), from); // it hears of the epoch in the answer
            }
        } catch (IOException e) {
            leaveWaiters.remove(memberId);
            refuseUnlogged(from, "leave of " + memberId, e);
        }
    }

    void subscribe(MessageConnection from, long knownEpoch) {
        subscribers.add(from);
        if (topology.epoch() > knownEpoch) {
            from.send(new ClusterMessage.TopologyUpdate(topology));
        }
    }

    /** Any thread: a heartbeat only feeds the detector, and only for a member that owns ranges. */
    void heartbeat(MessageConnection from, ClusterMessage.Heartbeat beat) {
        Member member = byId.get(beat.memberId());
        if (member == null) {
            from.send(new ClusterMessage.Refused("heartbeat: " + beat.memberId()
                    + " is not a member (expected: Join first)"));
            return;
        }
        reports.put(beat.memberId(), new Report(beat.keys(), beat.memoryBytes(), clock.millis()));
        if (watched(member)) {
            detector.heartbeat(beat.memberId());
        }
    }

    void status(MessageConnection from) {
        Topology t = topology;
        long now = clock.millis();
        List<Member> shown = new ArrayList<>();
        List<ClusterMessage.MemberStatus> statuses = new ArrayList<>();
        for (Member m : t.members()) {
            boolean suspect = m.state() == MemberState.UP && suspects.contains(m.id());
            shown.add(suspect ? m.withState(MemberState.SUSPECT) : m);
            Report r = reports.get(m.id());
            statuses.add(r == null ? new ClusterMessage.MemberStatus(m.id(), 0, 0, -1)
                    : new ClusterMessage.MemberStatus(m.id(), r.keys(), r.memoryBytes(), Math.max(0, now - r.atMillis())));
        }
        // suspicion changes no ownership, so it is shown under the same epoch
        Topology view = new Topology(t.epoch(), t.mode(), t.replicas(), t.vnodes(), t.hash(), shown);
        from.send(new ClusterMessage.Status(view, List.copyOf(statuses), moves.statuses()));
    }

    /** @param memberId a member the detector suspects, or no longer does */
    void suspected(String memberId, boolean suspect) {
        if (suspect ? suspects.add(memberId) : suspects.remove(memberId)) {
            LOG.info("member {}: {}", memberId, suspect ? "suspect, probing it" : "no longer suspect");
        }
    }

    /** @param memberId a member the detector declared dead */
    void dead(String memberId) {
        suspects.remove(memberId);
        try {
            commit(new Change.SetState(memberId, MemberState.DEAD));
        } catch (IOException e) {
            // the verdict stands in the detector: the next tick tries again
            LOG.error("member {}: declared dead, but the change could not be logged", memberId, e);
        }
    }

    /** @param connection a control connection that closed @param memberId who joined on it, or null */
    void disconnected(MessageConnection connection, String memberId) {
        subscribers.remove(connection);
        leaveWaiters.values().forEach(waiting -> waiting.remove(connection));
        if (memberId != null && connections.get(memberId) == connection) {
            connections.remove(memberId);
        }
        if (memberId != null && topology.member(memberId).map(m -> m.state().inRing()).orElse(false)) {
            // evidence, not a verdict: its heartbeats stop, and the detector's rule decides
            LOG.info("member {}: control connection closed", memberId);
        }
    }

    private static Map<String, Member> index(Topology t) {
        Map<String, Member> index = new HashMap<>();
        for (Member m : t.members()) {
            index.put(m.id(), m);
        }
        return index;
    }

    private void refuseUnlogged(MessageConnection from, String what, IOException e) {
        LOG.error("{}: the change could not be logged", what, e);
        from.send(new ClusterMessage.Refused(what + ": the NameNode could not log the change (" + e.getMessage()
                + "; expected: a writable --data-dir)"));
    }

    /** What a member last reported, and when it arrived. */
    private record Report(long keys, long memoryBytes, long atMillis) {}

    /** A source's last report on its order, when it arrived, and the rate since the one before. */}
