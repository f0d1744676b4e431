package chkv.node.proxy;

import chkv.api.KvClient;
import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.KeyOwners;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection's WATCH and MULTI ... EXEC, pinned to one DataNode. MULTI queues here;
 * the first command that names keys picks their owner, and a command whose keys live elsewhere is
 * refused with Redis Cluster's {@code -CROSSSLOT} and aborts the transaction. WATCH pins at once.
 * A pinned transaction runs on a connection of this client's own: EXEC sends MULTI, the queue and
 * EXEC there, back to back. That connection is kept for the next transaction and carries every
 * command for its node meanwhile, since a command pipelined behind EXEC must not overtake the
 * transaction by another connection; one given up (another node pinned, RESET) carries its node's
 * commands until its last reply came, then closes.
 */
final class Transaction {
    static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    private static final byte[][] UNWATCH = {ascii("UNWATCH")};

    private final KeyOwners owners;
    private final KvClient cluster;
    /** The commands MULTI queued, or {@code null} outside MULTI. */
    private List<byte[][]> queued;
    /** A command was refused while queueing: EXEC answers EXECABORT. */
    private boolean aborted;
    private boolean watching;
    /** The node the open transaction or WATCH is pinned to, or {@code null} while none is. */
    private String pinned;
    private Pin pin;
    /** Connections given up that still wait for replies; their nodes' commands go on them meanwhile. */
    private final List<Pin> retiring = new ArrayList<>(0);

    Transaction(KeyOwners owners, KvClient cluster) {
        this.owners = owners;
        this.cluster = cluster;
    }

    /** @return whether MULTI is open */
    boolean inMulti() {
        return queued != null;
    }

    /** @return whether commands go through here rather than straight to the cluster */
    boolean active() {
        return queued != null || watching || pin != null || !retiring.isEmpty();
    }

    Reply multi() {
        if (queued != null) {
            throw new RedisException("ERR MULTI calls can not be nested");
        }
        queued = new ArrayList<>();
        aborted = false;
        return Reply.OK;
    }

    /** A command inside MULTI: QUEUED, or CROSSSLOT when its keys live on another node. */
    Reply queue(byte[][] args) {
        String owner = owners.ownerOf(args);
        if (owner == null || !owner.isEmpty() && pinned != null && !pinned.equals(owner)) {
            aborted = true;
            return Reply.error(CROSSSLOT);
        }
        if (!owner.isEmpty()) {
            pinned = owner;
        }
        queued.add(args);
        return Reply.QUEUED;
    }

    /** A command outside MULTI: on a connection held for its node, if there is one, else as usual. */
    Reply forward(byte[][] args) {
        String owner = owners.ownerOf(args);
        if (owner != null && !owner.isEmpty()) {
            if (pin != null && owner.equals(pin.owner())) {
                return new Reply.Deferred(pin(owner).send(args));
            }
            retiring.removeIf(p -> !p.usable());
            for (Pin old : retiring) {
                if (owner.equals(old.owner())) {
                    return new Reply.Deferred(old.send(args));
                }
            }
        }
        return new Reply.Deferred(cluster.execute(args));
    }

    Reply watch(byte[][] args) {
        if (queued != null) {
            throw new RedisException("ERR WATCH inside MULTI is not allowed");
        }
        String owner = owners.ownerOf(args);
        if (owner == null || !owner.isEmpty() && pinned != null && !pinned.equals(owner)) {
            return Reply.error(CROSSSLOT);
        }
        if (owner.isEmpty()) {
            return ProxyHandler.arity("watch");
        }
        pinned = owner;
        watching = true;
        return new Reply.Deferred(pin(owner).send(args));
    }

    Reply unwatch() {
        if (watching) {
            pin.send(UNWATCH);
            watching = false;
            pinned = null;
        }
        return Reply.OK;
    }

    Reply discard() {
        if (queued == null) {
            throw new RedisException("ERR DISCARD without MULTI");
        }
        queued = null;
        return unwatch();
    }

    Reply exec() {
        if (queued == null) {
            throw new RedisException("ERR EXEC without MULTI");
        }
        List<byte[][]> commands = queued;
        queued = null;
        if (aborted) {
            unwatch();
            pinned = null;
            return Reply.error("EXECABORT Transaction discarded because of previous errors.");
        }
        Pin on = pin(pinned != null ? pinned : "");
        watching = false;
        pinned = null;
        return new Reply.Deferred(on.transaction(commands));
    }

    /** RESET: forgets the transaction and the node's WATCHes (its connection closes after its replies). */
    void reset() {
        queued = null;
        aborted = false;
        watching = false;
        pinned = null;
        if (pin != null) {
            retire(pin);
            pin = null;
        }
    }

    /** The client's connection closed: so do the ones held for it. */
    void close() {
        reset();
        retiring.forEach(Pin::close);
        retiring.clear();
    }

    private void retire(Pin old) {
        old.retire();
        retiring.removeIf(p -> !p.usable());
        if (old.usable()) {
            retiring.add(old);
        }
    }

    /** @return the connection to {@code owner}, the one held when it goes there and is still usable */
    private Pin pin(String owner) {
        if (pin != null && !pin.usable()) {
            pin = null;
        } else if (pin != null && !pin.owner().equals(owner) && !owner.isEmpty()) {
            retire(pin);
            pin = null;
        }
        if (pin == null) {
            retiring.removeIf(p -> !p.usable());
            for (Pin old : retiring) {
                if (old.owner().equals(owner)) {
                    // its commands are still out: a new connection's could overtake them
                    retiring.remove(old);
                    old.keep();
                    return pin = old;
                }
            }
            pin = new Pin(owner, owners.connect(owner));
        }
        return pin;
    }

    /** @return how many commands MULTI queued, -1 outside MULTI, for CLIENT LIST */
    int queuedCount() {
        return queued == null ? -1 : queued.size();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
