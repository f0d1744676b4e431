package chkv.ring;

import chkv.api.spi.HashFunction;
import chkv.ring.hash.Murmur3Provider;
import chkv.ring.hash.XxHash64Provider;
import java.util.Arrays;

/**
 * Prints balance and movement for candidate vnode counts over several sets of node names: the
 * figures behind {@link Ring#DEFAULT_VNODES}. Run by hand, it is not a test (a minute or two):
 * {@code RingMeasurements [murmur3|xxhash64] [name sets] [count,count,...]}.
 */
final class RingMeasurements {

    private static final int NODES = 10;

    private RingMeasurements() {}

    public static void main(String[] args) {
        HashFunction hash = args.length > 0 && args[0].equals("xxhash64")
                ? new XxHash64Provider().create() : new Murmur3Provider().create();
        int nameSets = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int[] counts = args.length > 2
                ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {64, 128, 256, 512, 1024, 2048};
        KeySample keys = KeySample.of(hash, 1_000_000, 42);
        System.out.println("vnodes  max/mean: set0 median worst  moved/ideal: set0 median worst"
                + "  removal exact  KiB per 100 nodes");
        for (int vnodes : counts) {
            double[] loads = new double[nameSets];
            double[] moves = new double[nameSets];
            boolean removalExact = true;
            for (int set = 0; set < nameSets; set++) {
                Ring ten = ring(hash, vnodes, set, NODES);
                loads[set] = keys.maxOverMean(ten);
                String[] before = keys.owners(ten);
                String[] after = keys.owners(ten.withNode(name(set, NODES + 1)));
                moves[set] = KeySample.moved(before, after) / (keys.size() / (NODES + 1.0));
                String[] removed = keys.owners(ten.withoutNode(name(set, 1)));
                for (int i = 0; i < keys.size(); i++) {
                    removalExact &= before[i].equals(removed[i]) || before[i].equals(name(set, 1));
                }
            }
            System.out.printf("%6d  %s  %s  %-13s  %d%n", vnodes, summary(loads), summary(moves),
                    removalExact, 100L * vnodes * (Long.BYTES + Integer.BYTES) / 1024);
        }
    }

    private static String summary(double[] values) {
        double first = values[0];
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("%.3f %.3f %.3f", first, sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    /** Node {@code i} (1-based) of name set {@code set}: {@code 10.0.<set>.<i>:7380}. */
    static String name(int set, int i) {
        return "10.0." + set + "." + i + ":7380";
    }

    static Ring ring(HashFunction hash, int vnodes, int set, int nodes) {
        RingBuilder builder = Ring.builder(hash).vnodes(vnodes);
        for (int i = 1; i <= nodes; i++) {
            builder.node(name(set, i));
        }
        return builder.build();
    }
}
