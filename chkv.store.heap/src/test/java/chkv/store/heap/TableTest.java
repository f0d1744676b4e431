package chkv.store.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The open-addressing engine: growth, backward-shift deletion, shrinking and the probing invariant. */
class TableTest {

    private static byte[] entry(String key) {
        return Entries.encode(key.getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Every slot between an entry's home and its position is occupied, in the current arrays and
     * in the old ones of a growth, and the counters add up over both.
     */
    private static void assertInvariant(Table t) {
        int n = 0;
        int withExpiry = 0;
        long bytes = 0;
        byte[][][] tables = {t.entries, t.oldEntries};
        int[][] hashes = {t.hashes, t.oldHashes};
        long[][] expires = {t.expires, t.oldExpires};
        for (int k = 0; k < 2 && tables[k] != null; k++) {
            byte[][] es = tables[k];
            int m = es.length - 1;
            for (int p = 0; p < es.length; p++) {
                if (es[p] == null) {
                    assertThat(expires[k][p]).as("expiry of empty slot %d", p).isZero();
                    continue;
                }
                for (int i = hashes[k][p] & m; i != p; i = (i + 1) & m) {
                    assertThat(es[i]).as("slot %d on the probe path to %d", i, p).isNotNull();
                }
                if (es[p] != Table.MOVED) {
                    n++;
                    bytes += Entries.arrayBytes(es[p].length);
                    withExpiry += expires[k][p] != 0 ? 1 : 0;
                }
            }
        }
        assertThat(n).isEqualTo(t.size);
        assertThat(withExpiry).as("volatile entries").isEqualTo(t.volatileCount);
        assertThat(bytes).isEqualTo(t.entryBytes);
        assertThat(t.size).isLessThanOrEqualTo(t.capacity() * 3 / 4);
    }

    private static int filled(byte[][] entries) {
        int n = 0;
        for (byte[] e : entries) {
            n += e != null ? 1 : 0;
        }
        return n;
    }

    @Test
    public void insert_pastThreeQuarters_growsAndKeepsEveryEntry() {
        Table t = new Table(8);
        for (int i = 0; i < 1_000; i++) {
            t.insert(entry("k" + i), i * 31, 0, 0);
        }
        assertThat(t.capacity()).isEqualTo(2_048);
        assertInvariant(t);
        for (int i = 0; i < 1_000; i++) {
            assertThat(t.find(key("k" + i), i * 31)).isNotNegative();
        }
        assertThat(t.find(key("k1000"), 1_000 * 31)).isEqualTo(-1);
    }

    @Test
    public void insert_whileGrowing_movesAtMostMoveSlotsEntriesPerWrite() {
        Table t = new Table(8);
        int growths = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean wasGrowing = t.growing();
            byte[][] before = t.entries;
            int filledBefore = filled(before);
            t.insert(entry("k" + i), i * 0x9E3779B1, 0, 0);
            if (t.entries == before) {
                // the entry itself, and what one step moved out of the old arrays
                assertThat(filled(t.entries) - filledBefore).as("insert %d", i).isBetween(1, Table.MOVE_SLOTS + 1);
            } else {
                growths++;
                assertThat(wasGrowing).as("a growth still under way at insert %d", i).isFalse();
                assertThat(filled(t.entries)).as("insert %d began a growth", i).isEqualTo(1);
                assertThat(filled(t.oldEntries)).isEqualTo(i);
            }
        }
        assertThat(growths).isEqualTo(12); // 8 -> 32,768 slots
        assertInvariant(t);
    }

    @Test
    public void locate_whileGrowing_findsKeysInBothArraysWithoutMovingThem() {
        Table t = new Table(8);
        for (int i = 0; i < 769; i++) { // the 769th passes 3/4 of 1,024: a growth begins
            t.insert(entry("k" + i), i * 0x9E3779B1, i % 3 == 0 ? 100 + i : 0, 0);
        }
        assertThat(t.growing()).isTrue();
        int inOld = 0;
        for (int i = 0; i < 769; i++) {
            int at = t.locate(key("k" + i), i * 0x9E3779B1);
            assertThat(at).as("k%d", i).isNotEqualTo(-1);
            assertThat(Entries.key(t.entryAt(at))).isEqualTo(key("k" + i));
            assertThat(t.expiryOf(at)).isEqualTo(i % 3 == 0 ? 100 + i : 0);
            inOld += at < -1 ? 1 : 0;
        }
        assertThat(inOld).isGreaterThan(700);
        assertThat(t.locate(key("k769"), 769 * 0x9E3779B1)).isEqualTo(-1);
        assertInvariant(t);
    }

    @Test
    public void find_keyInOldArrays_movesItFirst() {
        Table t = new Table(8);
        for (int i = 0; i < 769; i++) {
            t.insert(entry("k" + i), i * 0x9E3779B1, 0, 0);
        }
        int last = 768 * 0x9E3779B1;
        int at = -1;
        for (int i = 0; i < 700 && at == -1; i++) {
            int place = t.locate(key("k" + i), i * 0x9E3779B1);
            if (place < -1 && -2 - place >= t.moved + Table.MOVE_SLOTS) { // beyond the next step
                int slot = t.find(key("k" + i), i * 0x9E3779B1);
                assertThat(slot).isNotNegative();
                assertThat(t.oldEntries[-2 - place]).isSameAs(Table.MOVED);
                assertThat(t.locate(key("k" + i), i * 0x9E3779B1)).isEqualTo(slot);
                at = slot;
            }
        }
        assertThat(at).isNotNegative();
        assertThat(t.find(key("k768"), last)).isNotNegative();
        assertInvariant(t);
        t.finishGrowing();
        assertThat(t.growing()).isFalse();
        assertThat(t.oldCapacity()).isZero();
        assertInvariant(t);
    }

    @Test
    public void bytes_whileGrowing_countBothArrays() {
        Table t = new Table(8);
        for (int i = 0; i < 768; i++) {
            t.insert(entry("k" + i), i * 0x9E3779B1, 0, 0);
        }
        long full = t.bytes();
        t.insert(entry("k768"), 768 * 0x9E3779B1, 0, 0);
        assertThat(t.bytes() - full).as("a second set of arrays, twice as long")
                .isGreaterThanOrEqualTo(2L * 1_024 * Table.SLOT_BYTES);
        t.finishGrowing();
        assertThat(t.bytes()).isLessThan(full + 2L * 1_024 * Table.SLOT_BYTES);
    }

    @Test
    public void removeAt_collidingRunThatWraps_shiftsEntriesBack() {
        Table t = new Table(8);
        for (int i = 0; i < 4; i++) {
            t.insert(entry("c" + i), 6, 0, 0); // all home 6: slots 6, 7, 0, 1
        }
        t.insert(entry("h0"), 0, 0, 0); // home 0, pushed to slot 2
        assertThat(t.find(key("c2"), 6)).isZero();
        t.removeAt(t.find(key("c0"), 6));
        assertInvariant(t);
        assertThat(t.find(key("c3"), 6)).isZero();
        assertThat(t.find(key("h0"), 0)).isEqualTo(1);
        assertThat(t.entries[2]).isNull();
        for (String k : new String[] {"c1", "c2", "c3"}) {
            assertThat(t.find(key(k), 6)).as(k).isNotNegative();
        }
    }

    @Test
    public void randomInsertsRemovalsAndExpiries_matchAMap_andKeepTheInvariant() {
        Random random = new Random(42);
        Table t = new Table(8);
        Map<String, Long> model = new HashMap<>(); // key -> expiry
        for (int op = 0; op < 20_000; op++) {
            int k = random.nextInt(600);
            String name = "k" + k;
            int hash = k % 97 * 1_000_003; // few distinct homes: long, overlapping probe runs
            int at = t.find(key(name), hash);
            assertThat(at >= 0).as("op %d: %s present", op, name).isEqualTo(model.containsKey(name));
            if (at >= 0) {
                assertThat(t.expiryAt(at)).as("op %d: expiry of %s", op, name).isEqualTo(model.get(name));
            }
            int choice = random.nextInt(4);
            if (at >= 0 && choice <= 1) {
                t.removeAt(at);
                t.shrinkIfSparse();
                model.remove(name);
            } else if (at >= 0 && choice == 2) {
                // mostly back to none, so the table often has no volatile key at all
                long expiry = random.nextInt(4) == 0 ? 7 + op : 0;
                t.setExpiry(at, expiry);
                model.put(name, expiry);
            } else if (at < 0) {
                long expiry = random.nextInt(5) == 0 ? 5 : 0;
                t.insert(entry(name), hash, expiry, 0);
                model.put(name, expiry);
            }
            if (op % 97 == 0) {
                assertInvariant(t);
            }
        }
        assertInvariant(t);
        model.forEach((name, expiry) -> {
            int hash = Integer.parseInt(name.substring(1)) % 97 * 1_000_003;
            assertThat(t.expiryAt(t.find(key(name), hash))).as(name).isEqualTo(expiry);
        });
    }

    @Test
    public void shrinkIfSparse_halvesUntilAnEighthFull() {
        Table t = new Table(8);
        for (int i = 0; i < 4_000; i++) {
            t.insert(entry("k" + i), i * 7, i % 2 == 0 ? 0 : 99, 0);
        }
        long grown = t.bytes();
        for (int i = 0; i < 3_990; i++) {
            t.removeAt(t.find(key("k" + i), i * 7));
        }
        t.shrinkIfSparse();
        assertThat(t.capacity()).isEqualTo(64);
        assertThat(t.volatileCount).isEqualTo(5);
        assertThat(t.bytes()).isLessThan(grown / 50);
        assertInvariant(t);
        t.reset();
        assertThat(t.capacity()).isEqualTo(Table.MIN_CAPACITY);
        assertThat(t.size).isZero();
    }

    @Test
    public void nextCursor_visitsEveryBucketOnce() {
        int mask = 63;
        boolean[] seen = new boolean[64];
        long v = 0;
        int steps = 0;
        do {
            assertThat(seen[(int) v]).as("bucket %d twice", v).isFalse();
            seen[(int) v] = true;
            v = Table.nextCursor(v, mask);
            steps++;
        } while (v != 0 && steps < 1_000);
        assertThat(steps).isEqualTo(64);
    }

    @Test
    public void entries_longKeysUseAFourByteHeader() {
        for (int length : new int[] {0, 1, 63, 64, 127, 128, 300, 70_000}) {
            byte[] k = new byte[length];
            new Random(length).nextBytes(k);
            byte[] e = Entries.encode(k, new byte[] {7, 8});
            assertThat(Entries.keyLength(e)).isEqualTo(length);
            assertThat(Entries.key(e)).isEqualTo(k);
            assertThat(Entries.keyEquals(e, k)).isTrue();
            assertThat(Entries.value(e)).containsExactly(7, 8);
            assertThat(e.length).isEqualTo((length < 64 ? 1 : 4) + length + 2);
        }
    }
}
