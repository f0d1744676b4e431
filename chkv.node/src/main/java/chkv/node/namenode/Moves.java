package chkv.node.namenode;

import chkv.cluster.ClusterMessage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-overs of the current {@link MovePlan} as the NameNode follows them: the epoch each
 * source was ordered at, which sources have caught up (sent every key and keep up with writes)
 * and which are done, and how fast each goes. Once every pending source has caught up, all of
 * them are told to finish together, so ranges are frozen only for that last step. Runs on the
 * NameNode's loop thread.
 */
final class Moves {
    private static final Logger LOG = LoggerFactory.getLogger(Moves.class);

    private final InstantSource clock;
    private final BiConsumer<String, ClusterMessage> send;
    private MovePlan plan = MovePlan.NONE;
    /** The epoch each source's current transfers were ordered at; its reports must carry it. */
    private final Map<String, Long> orderEpochs = new HashMap<>();
    private final Set<String> pending = new HashSet<>();
    private final Set<String> caughtUp = new HashSet<>();
    private final Map<String, Move> reports = new HashMap<>();

    /**
     * @param clock dates reports, for the rates {@code chkv status} shows
     * @param send sends a message to a member by id, when it is connected
     */
    Moves(InstantSource clock, BiConsumer<String, ClusterMessage> send) {
        this.clock = clock;
        this.send = send;
    }

    /** @return the plan being carried out, {@link MovePlan#NONE} when nothing moves */
    MovePlan plan() {
        return plan;
    }

    /** @return whether every source of the plan has reported done (or there is none) */
    boolean done() {
        return pending.isEmpty();
    }

    /**
     * Follows a new plan: cancels the orders of sources it no longer has, orders those whose
     * transfers changed, and lets a source whose transfers stayed the same keep going.
     *
     * @param next the plan of the current epoch
     * @param epoch the current epoch, which new orders carry
     */
    void replan(MovePlan next, long epoch) {
        for (String source : plan.transfers().keySet()) {
            if (!next.transfers().containsKey(source)) {
                send.accept(source, new ClusterMessage.MoveOrder(epoch, List.of())); // cancels it
                orderEpochs.remove(source);
                reports.remove(source);
            }
        }
        Set<String> stillPending = new HashSet<>();
        for (var e : next.transfers().entrySet()) {
            String source = e.getKey();
            if (e.getValue().equals(plan.transfers().get(source))) {
                if (pending.contains(source)) {
                    stillPending.add(source);
                }
                continue;
            }
            orderEpochs.put(source, epoch);
            reports.remove(source);
            caughtUp.remove(source);
            stillPending.add(source);
            send.accept(source, new ClusterMessage.MoveOrder(epoch, e.getValue()));
        }
        if (!next.isEmpty() && !next.equals(plan)) {
            LOG.info("epoch {}: {} sources hand {} ranges over (joining {}, leaving {})", epoch,
                    next.transfers().size(), next.transfers().values().stream().mapToInt(List::size).sum(),
                    next.joining(), next.leaving());
        }
        plan = next;
        pending.clear();
        pending.addAll(stillPending);
        caughtUp.retainAll(pending);
        finishIfCaughtUp();
    }

    /**
     * @param source a member that connected again: its order may have been lost with the old
     *     connection, so a pending one is sent again
     */
    void reconnected(String source) {
        if (pending.contains(source)) {
            send.accept(source, new ClusterMessage.MoveOrder(orderEpochs.get(source), plan.transfers().get(source)));
        }
    }

    /**
     * @param progress a source's report on its order
     * @return whether it made the source done
     */
    boolean progress(ClusterMessage.MoveProgress progress) {
        String source = progress.memberId();
        Long ordered = orderEpochs.get(source);
        if (ordered == null || ordered != progress.epoch()) {
            return false; // a report on an order that was replaced
        }
        long now = clock.millis();
        Move before = reports.get(source);
        long rate = before == null || now <= before.atMillis() ? 0
                : (progress.bytesSent() - before.progress().bytesSent()) * 1000 / (now - before.atMillis());
        reports.put(source, new Move(progress, now, rate > 0 ? rate : before == null ? 0 : before.rate()));
        if (progress.caughtUp() && !progress.done() && pending.contains(source) && caughtUp.add(source)) {
            finishIfCaughtUp();
        }
        if (progress.done() && pending.remove(source)) {
            caughtUp.remove(source);
            LOG.info("member {}: handed {} keys ({} bytes) over for epoch {}", source, progress.keysSent(),
                    progress.bytesSent(), progress.epoch());
            return true;
        }
        return false;
    }

    private void finishIfCaughtUp() {
        if (pending.isEmpty() || !caughtUp.containsAll(pending)) {
            return;
        }
        for (String source : pending) {
            send.accept(source, new ClusterMessage.MoveFinish(orderEpochs.get(source)));
        }
    }

    /** @return what {@code chkv status} shows of each source of the plan */
    List<ClusterMessage.MoveStatus> statuses() {
        List<ClusterMessage.MoveStatus> shown = new ArrayList<>();
        for (var e : plan.transfers().entrySet()) {
            String source = e.getKey();
            Move mv = reports.get(source);
            int ranges = e.getValue().size();
            shown.add(mv == null
                    ? new ClusterMessage.MoveStatus(source, orderEpochs.getOrDefault(source, 0L), ranges, 0, 0, -1, 0, false)
                    : new ClusterMessage.MoveStatus(source, mv.progress().epoch(), ranges, mv.progress().keysSent(),
                            mv.progress().bytesSent(), mv.progress().keysLeft(), mv.rate(), mv.progress().done()));
        }
        return shown;
    }

    /** A source's last report, when it came, and the byte rate since the one before. */
    private record Move(ClusterMessage.MoveProgress progress, long atMillis, long rate) {}
}
