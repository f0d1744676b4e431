package chkv.ring;

import chkv.api.ConfigException;
import chkv.api.spi.HashFunction;
import java.util.SortedMap;
import java.util.TreeMap;

/** Builds a {@link Ring}: a hash function, a vnode count, an epoch and weighted nodes. */
public final class RingBuilder {

    private final HashFunction hash;
    private final SortedMap<String, Integer> weights = new TreeMap<>();
    private int vnodes = Ring.DEFAULT_VNODES;
    private long epoch;

    RingBuilder(HashFunction hash) {
        this.hash = hash;
    }

    /**
     * @param vnodes virtual nodes per unit of weight, 1 to {@link Ring#MAX_VNODES}
     * @return this builder
     */
    public RingBuilder vnodes(int vnodes) {
        this.vnodes = vnodes;
        return this;
    }

    /**
     * @param epoch the epoch of the ring to build (0 unless set)
     * @return this builder
     */
    public RingBuilder epoch(long epoch) {
        this.epoch = epoch;
        return this;
    }

    /** @return this builder, with {@code node} at weight 1 */
    public RingBuilder node(String node) {
        return node(node, 1);
    }

    /**
     * @param node a node id, e.g. {@code host:port}
     * @param weight 1 to {@link Ring#MAX_WEIGHT}: the node gets {@code vnodes * weight} vnodes
     * @return this builder
     */
    public RingBuilder node(String node, int weight) {
        weights.put(requireId(node), requireWeight(weight));
        return this;
    }

    /**
     * @return the ring
     * @throws ConfigException when {@code vnodes} is out of range
     */
    public Ring build() {
        return Ring.create(epoch, hash, vnodes, weights);
    }

    static String requireId(String node) {
        if (node == null || node.isEmpty()) {
            String actual = node == null ? "null" : "empty";
            throw new IllegalArgumentException("node: " + actual + " (expected: an id)");
        }
        return node;
    }

    static int requireWeight(int weight) {
        if (weight < 1 || weight > Ring.MAX_WEIGHT) {
            throw new ConfigException("weight: " + weight + " (expected: 1 to " + Ring.MAX_WEIGHT + ")");
        }
        return weight;
    }
}
