package chkv.node.datanode;

import chkv.api.spi.Store;
import chkv.cluster.Placement;
import chkv.cluster.Slots;
import chkv.node.command.CommandSpec;
import chkv.node.command.Flag;
import chkv.node.command.KeyRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster member's answer to "is this key mine?" under the newest epoch it holds: its own keys
 * run here, another owner's get {@code -MOVED}, keys of several owners {@code -CROSSSLOT}, and
 * until the first topology arrives every keyed command gets {@code -CLUSTERDOWN}.
 */
final class ClusterRouter implements KeyRouter {

    static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    static final String CLUSTERDOWN = "CLUSTERDOWN The cluster is down";
    /** While the last keys of a range are sent, its commands wait; clients retry, as on Redis Cluster's TRYAGAIN. */
    static final String TRYAGAIN = "TRYAGAIN The range of this key is being handed over, try again";

    private final String self;
    private volatile Placement placement;
    private volatile Handover handover;
    /** When a command last got {@code -MOVED} here: a client still routing by an older epoch. */
    private volatile long lastMovedNanos = System.nanoTime() - Long.MAX_VALUE / 2;

    /** @param self this node's member id */
    ClusterRouter(String self) {
        this.self = self;
    }

    /** @return the newest placement, or {@code null} before the first topology */
    Placement placement() {
        return placement;
    }

    /**
     * @param next a topology's placement
     * @return whether it was newer than the one held, and is now the one routed by
     */
    synchronized boolean offer(Placement next) {
        Placement current = placement;
        if (current != null && next.epoch() <= current.epoch()) {
            return false; // a stale epoch is never applied over a newer one
        }
        placement = next;
        return true;
    }

    /** @return whether this node owns {@code key} under the newest epoch */
    boolean owns(byte[] key) {
        Placement p = placement;
        return p != null && !p.isEmpty() && self.equals(p.ownerIdOf(p.position(key)));
    }

    /**
     * @return whether this node owns {@code key} under the newest epoch or will once the moves
     *     in flight are done: what it receives before it owns it must not be swept away
     */
    boolean ownsOrImports(byte[] key) {
        Placement p = placement;
        if (p == null) {
            return false;
        }
        long at = p.position(key); // hashed once for both rings
        return (!p.isEmpty() && self.equals(p.ownerIdOf(at))) || self.equals(p.settledOwner(at));
    }

    /** @param next the ranges this node starts handing over, or {@code null} when it stops */
    void handover(Handover next) {
        handover = next;
    }

    /** @return how long ago a command last got {@code -MOVED} here, in nanoseconds */
    long nanosSinceMoved() {
        return System.nanoTime() - lastMovedNanos;
    }

    @Override
    public String redirect(byte[][] args, CommandSpec spec) {
        Placement p = placement;
        if (p == null || p.isEmpty()) {
            return CLUSTERDOWN;
        }
        int last = spec.lastKey() < 0 ? args.length + spec.lastKey() : Math.min(spec.lastKey(), args.length - 1);
        String owner = null;
        long position = 0;
        for (int i = spec.firstKey(); i <= last; i += spec.step()) {
            long at = p.position(args[i]);
            String id = p.ownerIdOf(at);
            if (owner == null) {
                owner = id;
                position = at;
            } else if (!owner.equals(id)) {
                return CROSSSLOT;
            }
        }
        if (owner == null) {
            return null;
        }
        if (!owner.equals(self)) {
            lastMovedNanos = System.nanoTime();
            return Slots.moved(position, p.member(owner));
        }
        Handover h = handover;
        if (h != null && h.frozen() && handedOver(h, p, args, spec.firstKey(), last, spec.step())) {
            return TRYAGAIN;
        }
        return null;
    }

    private static boolean handedOver(Handover h, Placement p, byte[][] args, int first, int last, int step) {
        for (int i = first; i <= last; i += step) {
            if (h.transferOf(p.position(args[i])) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A flush deletes keys no argument names: each key of the ranges being handed over is marked
     * written once the store is empty, so the new owner gets it again, as deleted, and nothing
     * flushed here comes back there. Marked after the flush, not before: the hand-over takes a
     * marked key and then reads it, and a key marked before the flush could be taken and read
     * (and its value sent) in the moment before the flush deleted it, with no mark left to send
     * the deletion. FLUSHALL runs alone, so no write adds a key between the scan and the flush.
     * While the ranges are frozen for the last pass, whose keys are already read, the flush
     * waits as their commands do.
     */
    @Override
    public String flush(Store store, Runnable clear) {
        Handover h = handover;
        Placement p = placement;
        if (h == null || p == null) {
            clear.run();
            return null;
        }
        if (h.frozen()) {
            return TRYAGAIN;
        }
        List<byte[]> moving = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = store.scan(cursor, 1024, key -> {
                if (h.transferOf(p.position(key)) >= 0) {
                    moving.add(key);
                }
            });
        } while (cursor != 0);
        clear.run();
        moving.forEach(h::written);
        return null;
    }

    @Override
    public void executed(byte[][] args, CommandSpec spec) {
        Handover h = handover;
        if (h == null || !spec.flags().contains(Flag.WRITE)) {
            return;
        }
        Placement p = placement;
        int last = spec.lastKey() < 0 ? args.length + spec.lastKey() : Math.min(spec.lastKey(), args.length - 1);
        for (int i = spec.firstKey(); i <= last; i += spec.step()) {
            if (h.transferOf(p.position(args[i])) >= 0) {
                h.written(args[i]);
            }
        }
    }
}
