package chkv.cluster;

import chkv.api.spi.HashFunction;
import chkv.ring.Ring;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topology with its ring built once, for the lookups every command makes: which member owns a
 * key, and where to send a client that asked the wrong one. Immutable; swap the whole object
 * when a newer epoch arrives.
 */
public final class Placement {

    private final Topology topology;
    private final HashFunction hash;
    private final Ring ring;
    private final Ring settled;
    private final Map<String, Member> byId = new HashMap<>();

    /**
     * @param topology the epoch to place keys by
     * @param hash the function its {@link Topology#hash()} names
     */
    public Placement(Topology topology, HashFunction hash) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.ring = topology.ring(hash);
        this.settled = topology.unsettled() ? topology.settledRing(hash) : ring;
        for (Member m : topology.members()) {
            byId.put(m.id(), m);
        }
    }

    /** @return the topology */
    public Topology topology() {
        return topology;
    }

    /** @return its epoch */
    public long epoch() {
        return topology.epoch();
    }

    /** @return the ring */
    public Ring ring() {
        return ring;
    }

    /** @return whether some member owns ranges */
    public boolean isEmpty() {
        return ring.isEmpty();
    }

    /** @param key a key @return its ring position, hash tag honoured */
    public long position(byte[] key) {
        return hash.position(key);
    }

    /** @param position a ring position @return the member owning it; the ring must not be empty */
    public Member ownerOf(long position) {
        return byId.get(ring.ownerOf(position));
    }

    /**
     * @param position a ring position
     * @return the id of the member owning it, without looking the member up: what a node asking
     *     "is this mine?" for every key needs; the ring must not be empty
     */
    public String ownerIdOf(long position) {
        return ring.ownerOf(position);
    }

    /** @param key a key @return the member owning it; the ring must not be empty */
    public Member owner(byte[] key) {
        return ownerOf(position(key));
    }

    /**
     * @param position a ring position
     * @return the id of the member that owns it once the moves in flight are done (the same as
     *     now when nothing moves), or {@code null} when that ring is empty
     */
    public String settledOwner(long position) {
        return settled.isEmpty() ? null : settled.ownerOf(position);
    }

    /** @param id a member id @return the member, or {@code null} */
    public Member member(String id) {
        return byId.get(id);
    }
}
