package chkv.client;

import chkv.api.RedisException;
import java.math.BigInteger;

/**
 * A SCAN cursor over the whole cluster: {@code index * 2^64 + nodeCursor}, written in decimal,
 * where {@code index} is the node's position among the ring members of the topology (sorted by
 * id) and {@code nodeCursor} is that node's own unsigned 64-bit cursor. So a scan starts at
 * {@code 0} (the first node from its start), a one-node cluster's cursors are the node's own,
 * and a node's final cursor {@code 0} moves on to the next node from its start, or ends the scan
 * with {@code 0} after the last. Cursors past the first node exceed 64 bits: clients that keep
 * cursors as strings (as most do) handle them. A scan during a change of membership may skip or
 * repeat keys of the nodes whose index changed, as Redis's guarantees hold per node.
 *
 * @param index the node's position among the ring members
 * @param nodeCursor that node's cursor, unsigned
 */
record ScanCursor(int index, long nodeCursor) {
    private static final BigInteger NODE_SPAN = BigInteger.ONE.shiftLeft(64);
    /** Redis's reply to a cursor it cannot read. */
    static final String INVALID = "ERR invalid cursor";

    /** The start of a scan. */
    static final ScanCursor START = new ScanCursor(0, 0);

    /**
     * @param text a cursor a client sent
     * @param nodes the ring members now
     * @return the cursor
     * @throws RedisException Redis's invalid-cursor error when it is not one of ours
     */
    static ScanCursor parse(String text, int nodes) {
        BigInteger value;
        try {
            value = new BigInteger(text);
        } catch (NumberFormatException e) {
            throw new RedisException(INVALID);
        }
        if (value.signum() < 0) {
            throw new RedisException(INVALID);
        }
        BigInteger[] parts = value.divideAndRemainder(NODE_SPAN);
        if (parts[0].compareTo(BigInteger.valueOf(Math.max(nodes - 1, 0))) > 0) {
            throw new RedisException(INVALID);
        }
        return new ScanCursor(parts[0].intValueExact(), parts[1].longValue());
    }

    /**
     * @param nodeNext the cursor the node returned, unsigned
     * @param nodes the ring members
     * @return where the scan goes on, {@code 0} when it is complete
     */
    ScanCursor next(long nodeNext, int nodes) {
        if (nodeNext != 0) {
            return new ScanCursor(index, nodeNext);
        }
        return index + 1 < nodes ? new ScanCursor(index + 1, 0) : START;
    }

    /** @return the cursor as a client sees it */
    String text() {
        BigInteger node = new BigInteger(Long.toUnsignedString(nodeCursor));
        return BigInteger.valueOf(index).multiply(NODE_SPAN).add(node).toString();
    }
}
