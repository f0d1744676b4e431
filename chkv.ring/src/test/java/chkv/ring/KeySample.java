package chkv.ring;

import chkv.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** A seeded sample of key positions and what a ring does with them. */
final class KeySample {

    private final long[] positions;

    private KeySample(long[] positions) {
        this.positions = positions;
    }

    /** Keys {@code key:<random long>}, placed with {@code hash}. */
    static KeySample of(HashFunction hash, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            byte[] key = ("key:" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            positions[i] = hash.position(key);
        }
        return new KeySample(positions);
    }

    int size() {
        return positions.length;
    }

    long position(int i) {
        return positions[i];
    }

    /** @return the owning node id of every key */
    String[] owners(Ring ring) {
        VNodeTable table = ring.table();
        String[] owners = new String[positions.length];
        for (int i = 0; i < positions.length; i++) {
            owners[i] = table.nodes[table.ownerOf(positions[i])];
        }
        return owners;
    }

    /** @return the most keys any node owns divided by the mean per node */
    double maxOverMean(Ring ring) {
        VNodeTable table = ring.table();
        int[] load = new int[table.nodes.length];
        for (long position : positions) {
            load[table.ownerOf(position)]++;
        }
        int max = 0;
        for (int l : load) {
            max = Math.max(max, l);
        }
        return max / ((double) positions.length / load.length);
    }

    /** @return how many keys change owner from {@code before} to {@code after} */
    static int moved(String[] before, String[] after) {
        int moved = 0;
        for (int i = 0; i < before.length; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
            }
        }
        return moved;
    }
}
