package chkv.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    @Test
    void hashes_areEachKeysKeyHash_inOrder() {
        List<byte[]> keys = List.of(bytes("a"), bytes("b"), bytes("a"));
        assertThat(Segments.hashes(keys)).containsExactly(
                KeyHash.hash(bytes("a")), KeyHash.hash(bytes("b")), KeyHash.hash(bytes("a")));
    }

    @Test
    void lockOrder_isEachSegmentOnce_ascending() {
        long[] hashes = {5L << 58, 1L << 58, 5L << 58 | 123, 63L << 58, 1L << 58 | 7, 0L};
        assertThat(Segments.lockOrder(hashes, 6)).containsExactly(0, 1, 5, 63);
        assertThat(Segments.lockOrder(new long[0], 6)).isEmpty();
        assertThat(Segments.lockOrder(new long[] {-1L}, 1)).containsExactly(1);
    }

    @Test
    void lockOrder_refusesSegmentBitsOutOfRange() {
        assertThatThrownBy(() -> Segments.lockOrder(new long[1], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segments.lockOrder(new long[1], 31)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underLocks_takesTheListedLocksInOrder_andReleasesThemInReverse() {
        List<String> log = new ArrayList<>();
        Recording[] segments = {new Recording(0, log), new Recording(1, log), new Recording(2, log)};
        String result = Segments.underLocks(segments, new int[] {0, 2}, true, () -> {
            log.add("body");
            assertThat(segments[0].lock.isWriteLocked()).isTrue();
            assertThat(segments[1].lock.isWriteLocked()).isFalse();
            assertThat(segments[2].lock.isWriteLocked()).isTrue();
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(log).containsExactly("write 0", "write 2", "body", "unlock 2", "unlock 0");
        assertThat(segments).allSatisfy(s -> assertThat(s.locked()).isFalse());
    }

    @Test
    void underLocks_readLocks_areReleasedWhenTheBodyThrows() {
        List<String> log = new ArrayList<>();
        Recording[] segments = {new Recording(0, log), new Recording(1, log)};
        assertThatThrownBy(() -> Segments.underLocks(segments, new int[] {0, 1}, false, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(log).containsExactly("read 0", "read 1", "unlock 1", "unlock 0");
        assertThat(segments).allSatisfy(s -> assertThat(s.lock.isReadLocked()).isFalse());
    }

    @Test
    void underLocks_releasesWhatItHeld_whenALaterLockFails() {
        List<String> log = new ArrayList<>();
        Recording failing = new Recording(1, log) {
            @Override
            public long writeLock() {
                throw new IllegalStateException("closed");
            }
        };
        Recording[] segments = {new Recording(0, log), failing, new Recording(2, log)};
        assertThatThrownBy(() -> Segments.underLocks(segments, new int[] {0, 1, 2}, true, () -> "never"))
                .hasMessage("closed");
        assertThat(log).containsExactly("write 0", "unlock 0");
        assertThat(segments[0].lock.isWriteLocked()).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A segment that logs what is done to its lock. */
    private static class Recording extends FakeSegment {
        private final int index;
        private final List<String> log;

        Recording(int index, List<String> log) {
            this.index = index;
            this.log = log;
        }

        @Override
        public long readLock() {
            log.add("read " + index);
            return super.readLock();
        }

        @Override
        public long writeLock() {
            log.add("write " + index);
            return super.writeLock();
        }

        @Override
        public void unlock(long stamp) {
            log.add("unlock " + index);
            super.unlock(stamp);
        }
    }
}
