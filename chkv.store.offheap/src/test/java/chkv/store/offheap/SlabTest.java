package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The allocator: size classes, reuse of freed blocks, large blocks, misuse and release. */
class SlabTest {
    private static final long ENTRY = Layout.need(16, 100);

    @Test
    public void sizeClass_isTheSmallestClassThatFits() {
        int previous = -1;
        for (long need = 8; need <= Slab.MAX_SMALL; need += 8) {
            int c = Slab.sizeClass(need);
            assertThat(c).as("class of %d", need).isBetween(0, Slab.CLASSES - 1).isGreaterThanOrEqualTo(previous);
            assertThat(Slab.classSize(c)).as("size of class %d", c).isGreaterThanOrEqualTo(need);
            if (c > 0) {
                assertThat(Slab.classSize(c - 1)).as("size of class %d", c - 1).isLessThan(need);
            }
            previous = c;
        }
        assertThat(previous).isEqualTo(Slab.CLASSES - 1);
        assertThat(Slab.blockSize(ENTRY)).isEqualTo(136);
    }

    @Test
    public void allocate_afterFree_reusesTheBlock() {
        Slab slab = new Slab();
        long a = slab.allocate(ENTRY);
        long b = slab.allocate(ENTRY);
        assertThat(a).isNotZero().isNotEqualTo(b);
        slab.free(a, ENTRY);
        assertThat(slab.allocate(ENTRY)).isEqualTo(a);
        assertThat(slab.liveBytes()).isEqualTo(2 * 136);
        slab.close();
    }

    @Test
    public void churn_ofTheSameSizes_doesNotGrowTheReservation() {
        Slab slab = new Slab();
        long reserved = 0;
        for (int round = 0; round < 50; round++) {
            List<Long> handles = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                long need = i % 2 == 0 ? ENTRY : 1_032;
                long h = slab.allocate(need);
                slab.chunk(h).set(ValueLayout.JAVA_LONG, Slab.offset(h) + need - 8, h); // writes stay in the block
                handles.add(h);
            }
            Set<Long> distinct = new HashSet<>(handles);
            assertThat(distinct).hasSize(handles.size());
            for (int i = 0; i < handles.size(); i++) {
                slab.free(handles.get(i), i % 2 == 0 ? ENTRY : 1_032);
            }
            if (round == 0) {
                reserved = slab.reservedBytes();
            }
            assertThat(slab.reservedBytes()).as("round %d", round).isEqualTo(reserved);
            assertThat(slab.liveBytes()).isZero();
        }
        slab.close();
    }

    @Test
    public void largeBlock_isMallocedOnItsOwn_andFreedWithoutClosingAnArena() {
        Slab slab = new Slab();
        long need = 1 << 20;
        long h = slab.allocate(need);
        MemorySegment chunk = slab.chunk(h);
        assertThat(chunk.byteSize()).isEqualTo(need);
        // the global scope: no shared arena whose close would wait for every thread
        assertThat(chunk.scope()).isEqualTo(MemorySegment.NULL.scope());
        assertThat(slab.reservedBytes()).isEqualTo(need);
        assertThat(slab.capacity(h, ENTRY)).isEqualTo(need);
        assertThat(slab.smallChunk(h)).as("a lock-free reader never touches it").isNull();
        chunk.set(ValueLayout.JAVA_LONG, need - 8, 42);
        slab.free(h, ENTRY); // a large block may hold a smaller entry: room APPEND left
        assertThat(slab.reservedBytes()).isZero();
        assertThat(slab.liveBytes()).isZero();
        assertThatThrownBy(() -> slab.chunk(h)).isInstanceOf(IllegalArgumentException.class);
        slab.close();
    }

    @Test
    public void misuse_throws() {
        Slab slab = new Slab();
        long h = slab.allocate(ENTRY);
        assertThatThrownBy(() -> slab.allocate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.allocate(13)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.free(0, ENTRY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.chunk(1L << 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.free(h, 1 << 20)).isInstanceOf(IllegalArgumentException.class);
        long large = slab.allocate(1 << 16);
        assertThatThrownBy(() -> slab.free(large, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.free(large, 1 << 17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slab.free(large + 8, 1 << 16)).isInstanceOf(IllegalArgumentException.class);
        MemorySegment chunk = slab.chunk(h);
        assertThatThrownBy(() -> chunk.get(ValueLayout.JAVA_LONG, chunk.byteSize() - 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
        slab.close();
    }

    @Test
    public void close_releasesEveryChunk_andLaterUseThrows() {
        Slab slab = new Slab();
        MemorySegment small = slab.chunk(slab.allocate(ENTRY));
        long large = slab.allocate(100_000);
        slab.close();
        assertThat(small.scope().isAlive()).isFalse();
        assertThatThrownBy(() -> slab.chunk(large)).isInstanceOf(IllegalArgumentException.class);
        assertThat(slab.reservedBytes()).isZero();
        assertThatThrownBy(() -> small.get(ValueLayout.JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> slab.allocate(ENTRY)).isInstanceOf(IllegalStateException.class);
        slab.close(); // twice is harmless
    }

    @Test
    public void release_returnsMemory_andTheSlabStaysUsable() {
        Slab slab = new Slab();
        for (int i = 0; i < 10_000; i++) {
            slab.allocate(ENTRY);
        }
        assertThat(slab.reservedBytes()).isGreaterThanOrEqualTo(10_000L * 136);
        slab.release();
        assertThat(slab.reservedBytes()).isZero();
        assertThat(slab.liveBytes()).isZero();
        long h = slab.allocate(ENTRY);
        assertThat(slab.chunk(h).scope().isAlive()).isTrue();
        slab.close();
    }
}
