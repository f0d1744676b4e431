package chkv.node.namenode;

import chkv.api.spi.FailureDetector;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the NameNode knows and serves: the current topology, its log, the subscribers and what
 * each member last reported. Every method but {@link #heartbeat} and {@link #topology} runs on
 * the NameNode's one loop thread, so changes are applied, logged and published in one order.
 */
final class Registry {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final ChangeLog log;
    private final FailureDetector detector;
    private final InstantSource clock;
    private final Set<MessageConnection> subscribers = new HashSet<>();
    private final ConcurrentHashMap<String, Report> reports = new ConcurrentHashMap<>();
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    private volatile Topology topology;
    /** The members of {@link #topology} by id, swapped with it: heartbeats look members up often. */
    private volatile Map<String, Member> byId;

    /**
     * @param log where each change is made durable before it is published
     * @param recovered the topology the log replayed to
     * @param detector told of each member's life; a member of the ring starts as freshly heard
     *     from, so that one that never comes back after a restart is still declared dead
     * @param clock dates heartbeats, for the age {@code chkv status} shows
     */
    Registry(ChangeLog log, Topology recovered, FailureDetector detector, InstantSource clock) {
        this.log = log;
        this.topology = recovered;
        this.byId = index(recovered);
        this.detector = detector;
        this.clock = clock;
        for (Member m : recovered.ringMembers()) {
            detector.heartbeat(m.id());
        }
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
        return topology;
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
            member = new Member(Member.idOf(join.host(), join.respPort()), join.host(), join.respPort(),
                    join.controlPort(), MemberState.UP, join.weight());
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
        return member.id();
    }

    void leave(MessageConnection from, String memberId) {
        if (topology.member(memberId).isEmpty()) {
            from.send(new ClusterMessage.Refused("leave: " + memberId + " is not a member (expected one of: "
                    + String.join(", ", topology.members().stream().map(Member::id).toList()) + ")"));
            return;
        }
        Topology left;
        try {
            left = commit(new Change.RemoveMember(memberId), from);
        } catch (IOException e) {
            refuseUnlogged(from, "leave of " + memberId, e);
            return;
        }
        detector.remove(memberId);
        reports.remove(memberId);
        suspects.remove(memberId);
        from.send(new ClusterMessage.Left(left));
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
        if (member.state().inRing()) {
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
        from.send(new ClusterMessage.Status(view, List.copyOf(statuses)));
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
}
