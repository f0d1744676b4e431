package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The native index: growth, backward-shift deletion, shrinking, the probing invariant and the accounting. */
class TableTest {
    private final Table t = new Table(8);

    @AfterEach
    public void close() {
        t.closeTable();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    private static void add(Table t, String name, int tag, long expireAt) {
        byte[] k = key(name);
        long h = t.slab.allocate(Layout.need(k.length, 1));
        Layout.write(t.slab.chunk(h), Slab.offset(h), k, new byte[] {1}, expireAt, 0);
        t.insert(tag, h, expireAt);
    }

    /**
     * Every slot between an entry's home and its position is occupied, in the current index and
     * in the old one of a growth, and the counters add up over both.
     */
    private static void assertInvariant(Table t) {
        int n = 0;
        int volatiles = 0;
        long bytes = 0;
        MemorySegment[] indexes = {t.slots, t.oldSlots};
        for (int k = 0; k < 2 && indexes[k] != null; k++) {
            MemorySegment index = indexes[k];
            int m = (int) (index.byteSize() / Table.SLOT_BYTES) - 1;
            for (int p = 0; p <= m; p++) {
                long slot = index.getAtIndex(ValueLayout.JAVA_LONG, p);
                if (slot == 0) {
                    continue;
                }
                if (slot == Table.MOVED) {
                    continue; // it keeps the old index's probe runs whole; its own tag means nothing
                }
                for (int i = Table.tag(slot) & m; i != p; i = (i + 1) & m) {
                    assertThat(index.getAtIndex(ValueLayout.JAVA_LONG, i)).as("slot %d on the probe path to %d", i, p)
                            .isNotZero();
                }
                n++;
                long h = Table.handle(slot);
                bytes += Slab.blockSize(Layout.need(t.slab.chunk(h), Slab.offset(h)));
                volatiles += Layout.expireAt(t.slab.chunk(h), Slab.offset(h)) != 0 ? 1 : 0;
            }
        }
        assertThat(n).isEqualTo(t.size);
        assertThat(volatiles).isEqualTo(t.volatileCount);
        assertThat(bytes).isEqualTo(t.slab.liveBytes());
        assertThat(t.size).isLessThanOrEqualTo(t.capacity() * 3 / 4);
    }

    private static int filled(MemorySegment index) {
        int n = 0;
        for (long i = 0; i < index.byteSize() / Table.SLOT_BYTES; i++) {
            n += index.getAtIndex(ValueLayout.JAVA_LONG, i) != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    public void insert_whileGrowing_movesAtMostMoveSlotsPerWrite() {
        int growths = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean wasGrowing = t.growing();
            MemorySegment before = t.slots;
            int filledBefore = filled(before);
            add(t, "k" + i, Table.tagOf(i * 0x9E3779B97F4A7C15L), 0);
            if (t.slots == before) {
                assertThat(filled(t.slots) - filledBefore).as("insert %d", i).isBetween(1, Table.MOVE_SLOTS + 1);
            } else {
                growths++;
                assertThat(wasGrowing).as("a growth still under way at insert %d", i).isFalse();
                assertThat(filled(t.slots)).as("insert %d began a growth", i).isEqualTo(1);
                assertThat(filled(t.oldSlots)).isEqualTo(i);
            }
        }
        assertThat(growths).isEqualTo(12); // 8 -> 32,768 slots
        assertInvariant(t);
    }

    @Test
    public void lookupAndFind_whileGrowing_findKeysInBothIndexes_andFindMovesTheKeyFirst() {
        for (int i = 0; i < 769; i++) { // the 769th passes 3/4 of 1,024: a growth begins
            add(t, "k" + i, Table.tagOf(i * 0x9E3779B97F4A7C15L), 0);
        }
        assertThat(t.growing()).isTrue();
        for (int i = 0; i < 769; i++) {
            long slot = t.lookup(key("k" + i), Table.tagOf(i * 0x9E3779B97F4A7C15L));
            assertThat(slot).as("k%d", i).isNotZero();
            assertThat(t.keyOf(slot)).isEqualTo(key("k" + i));
        }
        assertThat(t.lookup(key("k769"), Table.tagOf(769 * 0x9E3779B97F4A7C15L))).isZero();
        int last = 700;
        int tag = Table.tagOf(last * 0x9E3779B97F4A7C15L);
        int i = t.find(key("k" + last), tag);
        assertThat(i).isNotNegative();
        assertThat(t.slotAt(i)).isEqualTo(t.lookup(key("k" + last), tag));
        assertInvariant(t);
        t.finishGrowing();
        assertThat(t.growing()).isFalse();
        assertThat(t.slots()).isEqualTo(2_048);
        assertInvariant(t);
    }

    @Test
    public void insert_pastThreeQuarters_growsAndKeepsEveryEntry() {
        for (int i = 0; i < 1_000; i++) {
            add(t, "k" + i, i * 31, 0);
        }
        assertThat(t.capacity()).isEqualTo(2_048);
        assertInvariant(t);
        for (int i = 0; i < 1_000; i++) {
            assertThat(t.find(key("k" + i), i * 31)).isNotNegative();
        }
        assertThat(t.find(key("k1000"), 1_000 * 31)).isEqualTo(-1);
        assertThat(t.find(key("k1"), 2 * 31)).as("right key, wrong tag").isEqualTo(-1);
    }

    @Test
    public void insert_thatGrowsTheIndex_leavesClosingTheOldOneToTheReclaimer() {
        List<Runnable> reclaims = new ArrayList<>();
        Table grown = new Table(8, reclaims::add);
        try {
            for (int i = 0; i < 6; i++) {
                add(grown, "k" + i, i, 0);
            }
            MemorySegment old = grown.slots;
            add(grown, "k6", 6, 0); // past three quarters of 8 slots: a growth begins
            assertThat(grown.capacity()).isEqualTo(16);
            assertThat(grown.growing()).isTrue();
            assertThat(reclaims).as("the old index, still moved from").isEmpty();
            add(grown, "k7", 7, 0); // its step moves the last of the 8 old slots
            assertThat(grown.growing()).isFalse();
            // closing a shared arena waits for every thread; the writer, under its lock, must not
            assertThat(old.getAtIndex(ValueLayout.JAVA_LONG, 0)).as("the old index, still open after the growth")
                    .isNotZero();
            assertThat(reclaims).hasSize(1);
            reclaims.getFirst().run();
            assertThatThrownBy(() -> old.getAtIndex(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        } finally {
            grown.closeTable();
        }
    }

    @Test
    public void paced_runsTasksInOrder_atLeastTheGapApart() throws Exception {
        long gap = 20_000_000;
        List<Long> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Executor paced = Table.paced(worker, gap);
            for (int i = 0; i < 4; i++) {
                paced.execute(() -> ran.add(System.nanoTime()));
            }
            worker.shutdown();
            assertThat(worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            worker.shutdownNow();
        }
        assertThat(ran).hasSize(4);
        for (int i = 1; i < ran.size(); i++) {
            assertThat(ran.get(i) - ran.get(i - 1)).as("between close %d and %d", i - 1, i).isGreaterThanOrEqualTo(gap);
        }
    }

    @Test
    public void removeAt_collidingRunThatWraps_shiftsEntriesBack() {
        for (int i = 0; i < 4; i++) {
            add(t, "c" + i, 6, 0); // all home 6: slots 6, 7, 0, 1
        }
        add(t, "h0", 0, 0); // home 0, pushed to slot 2
        assertThat(t.find(key("c2"), 6)).isZero();
        t.removeAt(t.find(key("c0"), 6));
        assertInvariant(t);
        assertThat(t.find(key("c3"), 6)).isZero();
        assertThat(t.find(key("h0"), 0)).isEqualTo(1);
        assertThat(t.slotAt(2)).isZero();
    }

    @Test
    public void randomInsertsAndRemovals_matchAMap_andKeepTheInvariant() {
        Random random = new Random(42);
        Map<String, Integer> model = new HashMap<>();
        for (int op = 0; op < 20_000; op++) {
            int k = random.nextInt(600);
            String name = "k" + k;
            int tag = k % 97 * 1_000_003 & 0x7FFF_FFFF; // few distinct homes: long, overlapping probe runs
            int at = t.find(key(name), tag);
            assertThat(at >= 0).as("op %d: %s present", op, name).isEqualTo(model.containsKey(name));
            if (at >= 0 && random.nextInt(3) > 0) {
                t.removeAt(at);
                t.shrinkIfSparse();
                model.remove(name);
            } else if (at < 0) {
                add(t, name, tag, random.nextBoolean() ? 0 : 5);
                model.put(name, tag);
            }
            if (op % 97 == 0) {
                assertInvariant(t);
            }
        }
        assertInvariant(t);
        model.forEach((name, tag) -> assertThat(t.find(key(name), tag)).as(name).isNotNegative());
    }

    @Test
    public void shrinkIfSparse_halvesUntilAnEighthFull_andAnEmptyTableReturnsItsChunks() {
        for (int i = 0; i < 10_000; i++) {
            add(t, "k" + i, i * 7, i % 2 == 0 ? 0 : 99);
        }
        long grown = t.bytes();
        for (int i = 0; i < 9_990; i++) {
            t.removeAt(t.find(key("k" + i), i * 7));
        }
        t.shrinkIfSparse();
        assertThat(t.capacity()).isEqualTo(64);
        assertThat(t.volatileCount).isEqualTo(5);
        assertThat(t.bytes()).isLessThan(grown / 100);
        assertInvariant(t);
        // the freed blocks went back to the system with the deletes, not only once the table empties
        assertThat(t.slab.reservedBytes())
                .isLessThanOrEqualTo(t.slab.liveBytes() * 5 / 4 + Table.COMPACT_BYTES + 2L * Slab.CHUNK_BYTES);
        for (int i = 9_990; i < 10_000; i++) {
            t.removeAt(t.find(key("k" + i), i * 7));
        }
        t.shrinkIfSparse();
        assertThat(t.slab.liveBytes()).isZero();
        assertThat(t.slab.reservedBytes()).isLessThanOrEqualTo(Table.RELEASE_BYTES);
        add(t, "again", 1, 0);
        assertInvariant(t);
    }

    @Test
    public void shrinkIfSparse_tableEmptiedAtOnce_returnsEveryChunk() {
        for (int i = 0; i < 10_000; i++) {
            add(t, "k" + i, i * 7, 0);
        }
        assertThat(t.slab.reservedBytes()).isGreaterThanOrEqualTo(Table.RELEASE_BYTES);
        for (int i = 0; i < 10_000; i++) {
            t.removeAt(t.find(key("k" + i), i * 7));
        }
        t.shrinkIfSparse();
        assertThat(t.slab.reservedBytes()).isZero();
        add(t, "again", 1, 0);
        assertInvariant(t);
    }

    @Test
    public void reset_freesEverything_andKeepsTheTableUsable() {
        for (int i = 0; i < 500; i++) {
            add(t, "k" + i, i, 0);
        }
        t.reset();
        assertThat(t.capacity()).isEqualTo(Table.MIN_CAPACITY);
        assertThat(t.size).isZero();
        assertThat(t.slab.reservedBytes()).isZero();
        add(t, "k1", 1, 0);
        assertThat(t.find(key("k1"), 1)).isNotNegative();
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
}
