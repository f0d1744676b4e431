package chkv.cluster;

/**
 * Redis Cluster slots over CHKV's ring: a key's slot is the top 14 bits of its 64-bit ring
 * position read as unsigned, so slot {@code s} covers the positions whose unsigned value lies in
 * {@code [s * 2^50, (s + 1) * 2^50)}. Slots name positions in {@code -MOVED} and {@code -ASK}
 * replies as Redis Cluster clients expect; ownership itself follows the ring, whose ranges need
 * not align with slots.
 */
public final class Slots {

    /** Redis Cluster's slot count. */
    public static final int COUNT = 16_384;

    private Slots() {}

    /** @param position a ring position @return its slot, 0 to 16383 */
    public static int of(long position) {
        return (int) (position >>> 50);
    }

    /**
     * @param position the key's ring position
     * @param owner the member that owns it
     * @return Redis Cluster's redirect, without the leading {@code -}
     */
    public static String moved(long position, Member owner) {
        return "MOVED " + of(position) + " " + owner.host() + ":" + owner.respPort();
    }
}
