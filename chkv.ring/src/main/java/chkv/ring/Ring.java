package chkv.ring;

import chkv.api.ConfigException;
import chkv.api.HashRange;
import chkv.api.spi.HashFunction;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of the consistent-hash ring, tagged with an epoch. Each node has
 * {@code vnodes * weight} virtual nodes on the signed 64-bit ring; a position belongs to the
 * first virtual node at or after it, clockwise, wrapping past {@link Long#MAX_VALUE}.
 *
 * <p>Lookups are a binary search over primitive arrays that never change, so any number of
 * threads may share a ring without locks; publish a new one (e.g. through a volatile field) to
 * change the topology. {@link #withNode} and {@link #withoutNode} return the next epoch.
 */
public final class Ring {

    /**
     * Virtual nodes per unit of weight: 1024, the smallest count measured to keep max/mean load
     * and moved/ideal within 1.10 for every one of 20 sets of node names, with both hash
     * functions (256 passes with some names, not with others).
     *
     * <p>Why so many: a node's vnodes sit at independent hashes (so a change moves only the
     * joining or leaving node's keys), and then a node's share varies by about 1/sqrt(vnodes).
     * Measured with 10 nodes of weight 1, 1,000,000 random keys, an 11th node added, over 20
     * sets of names {@code 10.0.<set>.<1..11>:7380} (set 0, median, worst):
     * <pre>
     * vnodes  murmur3 max/mean     murmur3 moved/ideal  xxhash64 max/mean    ring of 100 nodes
     *    128  1.122 1.144 1.359    1.016 0.993 1.218                         150 KiB
     *    256  1.085 1.091 1.166    1.021 1.021 1.105    1.109 1.107 1.211    300 KiB
     *    512  1.086 1.076 1.132    1.013 0.993 1.056    1.062 1.062 1.117    600 KiB
     *    768  1.054 1.047 1.102    1.017 0.993 1.035                         900 KiB
     *   1024  1.035 1.044 1.066    1.037 0.994 1.037    1.045 1.043 1.092    1.2 MiB
     *   2048  1.025 1.036 1.057    1.005 1.007 1.025                         2.4 MiB
     * </pre>
     * 1.2 MiB per snapshot of a 100-node ring (a long and an int per vnode) is cheap next to the
     * data; a lookup is a 17-step binary search, about a quarter slower than at 256.
     */
    public static final int DEFAULT_VNODES = 1024;

    /** The largest {@code vnodes} a ring accepts. */
    public static final int MAX_VNODES = 4096;

    /** The largest weight a node may have. */
    public static final int MAX_WEIGHT = 100;

    private final long epoch;
    private final HashFunction hash;
    private final int vnodes;
    private final SortedMap<String, Integer> weights;
    private final VNodeTable table;

    private Ring(long epoch, HashFunction hash, int vnodes, SortedMap<String, Integer> weights) {
        this.epoch = epoch;
        this.hash = hash;
        this.vnodes = vnodes;
        this.weights = Collections.unmodifiableSortedMap(weights);
        this.table = VNodeTable.build(hash, vnodes, weights);
    }

    /**
     * @param hash places keys and virtual nodes
     * @return a builder for an empty ring at epoch 0 with {@link #DEFAULT_VNODES}
     */
    public static RingBuilder builder(HashFunction hash) {
        return new RingBuilder(Objects.requireNonNull(hash, "hash"));
    }

    static Ring create(long epoch, HashFunction hash, int vnodes, SortedMap<String, Integer> weights) {
        if (vnodes < 1 || vnodes > MAX_VNODES) {
            throw new ConfigException("vnodes: " + vnodes + " (expected: 1 to " + MAX_VNODES + ")");
        }
        return new Ring(epoch, hash, vnodes, new TreeMap<>(weights));
    }

    /** @return the epoch this snapshot is tagged with */
    public long epoch() {
        return epoch;
    }

    /** @return the hash function that places keys and virtual nodes */
    public HashFunction hashFunction() {
        return hash;
    }

    /** @return virtual nodes per unit of weight */
    public int vnodes() {
        return vnodes;
    }

    /** @return each node's weight, by node id in ascending order (unmodifiable) */
    public SortedMap<String, Integer> weights() {
        return weights;
    }

    /** @return the node ids in ascending order */
    public List<String> nodes() {
        return List.of(table.nodes);
    }

    /** @return whether the ring has no node */
    public boolean isEmpty() {
        return table.nodes.length == 0;
    }

    /** @return whether {@code node} is a member */
    public boolean contains(String node) {
        return weights.containsKey(node);
    }

    /** @return the node that owns {@code key} (its hash tag honoured) */
    public String owner(byte[] key) {
        return ownerOf(hash.position(key));
    }

    /** @return the node that owns ring position {@code position} */
    public String ownerOf(long position) {
        requireNodes();
        return table.nodes[table.ownerOf(position)];
    }

    /**
     * @param key a key (its hash tag honoured)
     * @param rf the replication factor
     * @return the first {@code rf} distinct nodes clockwise from the key, primary first; all the
     *     nodes when the ring has fewer than {@code rf}
     */
    public List<String> preferenceList(byte[] key, int rf) {
        return preferenceListOf(hash.position(key), rf);
    }

    /** @return as {@link #preferenceList(byte[], int)}, for a ring position */
    public List<String> preferenceListOf(long position, int rf) {
        requireRf(rf);
        requireNodes();
        return table.preferenceIds(table.indexOf(position), new int[rf]);
    }

    /** @return the ranges {@code node} owns as primary, clockwise, neighbours merged */
    public List<HashRange> primaryRanges(String node) {
        return OwnedRanges.primary(table, indexOf(node));
    }

    /**
     * @return the ranges {@code node} holds as the 2nd to {@code rf}-th member of their
     *     preference list, clockwise, neighbours merged
     */
    public List<HashRange> replicaRanges(String node, int rf) {
        requireRf(rf);
        return OwnedRanges.replica(table, indexOf(node), rf);
    }

    /**
     * @param rf the replication factor
     * @return the whole ring cut into ranges with their preference lists, clockwise, neighbours
     *     with the same list merged; empty for an empty ring
     */
    public List<RangeOwners> rangeOwners(int rf) {
        requireRf(rf);
        return OwnedRanges.owners(table, rf);
    }

    /** @return the next epoch with {@code node} added at weight 1, or re-weighted to 1 */
    public Ring withNode(String node) {
        return withNode(node, 1);
    }

    /** @return the next epoch with {@code node} added at {@code weight}, or re-weighted to it */
    public Ring withNode(String node, int weight) {
        SortedMap<String, Integer> next = new TreeMap<>(weights);
        next.put(RingBuilder.requireId(node), RingBuilder.requireWeight(weight));
        return new Ring(epoch + 1, hash, vnodes, next);
    }

    /** @return the next epoch without {@code node}, which must be a member */
    public Ring withoutNode(String node) {
        indexOf(node);
        SortedMap<String, Integer> next = new TreeMap<>(weights);
        next.remove(node);
        return new Ring(epoch + 1, hash, vnodes, next);
    }

    /** @return {@link #diff(Ring, Ring, int)} with one owner per range */
    public static RingDiff diff(Ring before, Ring after) {
        return diff(before, after, 1);
    }

    /**
     * @param rf the replication factor
     * @return exactly the ranges whose preference list differs from {@code before} to
     *     {@code after}, with both lists
     */
    public static RingDiff diff(Ring before, Ring after, int rf) {
        requireRf(rf);
        return Differ.diff(before, after, rf);
    }

    @Override
    public String toString() {
        return "Ring[epoch=" + epoch + ", nodes=" + weights.size() + ", vnodes=" + vnodes + "]";
    }

    VNodeTable table() {
        return table;
    }

    private int indexOf(String node) {
        int index = weights.containsKey(node) ? weights.headMap(node).size() : -1;
        if (index < 0) {
            throw new IllegalArgumentException(
                    "node: " + node + " (expected: one of " + weights.keySet() + ")");
        }
        return index;
    }

    private void requireNodes() {
        if (isEmpty()) {
            throw new IllegalStateException(
                    "ring: empty at epoch " + epoch + " (expected: at least one node)");
        }
    }

    private static void requireRf(int rf) {
        if (rf < 1) {
            throw new IllegalArgumentException("rf: " + rf + " (expected: at least 1)");
        }
    }
}
