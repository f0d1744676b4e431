package chkv.node.namenode;

import chkv.api.spi.HashFunction;
import chkv.cluster.ClusterMessage.Transfer;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.ring.RangeMove;
import chkv.ring.Ring;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand-overs a topology calls for: the diff between its ring and the ring once the joining
 * members are in and the leaving ones out, as the ranges each current owner sends to each new
 * one. A pure function of the topology, so a NameNode that restarts mid-move orders the same
 * moves again. Nothing moves between members that keep their ranges.
 *
 * <p>Only members with an internal port take part: one without cannot receive ranges, and one
 * that cannot send them has none to lose (it joined or leaves at once, as before moves existed).
 *
 * @param transfers what each source sends, by source id; empty when nothing moves
 * @param joining the joining members this plan brings in
 * @param leaving the leaving members this plan takes out
 */
record MovePlan(Map<String, List<Transfer>> transfers, List<String> joining, List<String> leaving) {

    static final MovePlan NONE = new MovePlan(Map.of(), List.of(), List.of());

    MovePlan {
        transfers = Map.copyOf(transfers);
        joining = List.copyOf(joining);
        leaving = List.copyOf(leaving);
    }

    /**
     * @param topology the current epoch
     * @param hash the function its ring is built with
     * @return the moves that settle it
     */
    static MovePlan of(Topology topology, HashFunction hash) {
        if (!topology.unsettled()) {
            return NONE;
        }
        List<String> joining = ids(topology, MemberState.JOINING);
        List<String> leaving = ids(topology, MemberState.LEAVING);
        Ring now = topology.ring(hash);
        Ring settled = topology.settledRing(hash);
        Map<String, List<Transfer>> bySource = new TreeMap<>();
        if (!now.isEmpty() && !settled.isEmpty()) {
            for (RangeMove move : Ring.diff(now, settled).moves()) {
                Member from = topology.member(move.from()).orElseThrow();
                Member to = topology.member(move.to()).orElseThrow();
                if (from.controlPort() == 0 || to.controlPort() == 0) {
                    continue;
                }
                bySource.computeIfAbsent(from.id(), _ -> new ArrayList<>()).add(new Transfer(
                        move.range().start(), move.range().end(), to.id(), to.host(), to.controlPort()));
            }
        }
        return new MovePlan(bySource, joining, leaving);
    }

    /** @return whether nothing has to be sent before the plan can settle */
    boolean isEmpty() {
        return transfers.isEmpty();
    }

    private static List<String> ids(Topology topology, MemberState state) {
        return topology.members().stream().filter(m -> m.state() == state).map(Member::id).toList();
    }
}
