package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.store.support.KeyHash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A read without the lock never touches a large block, whose memory a writer may free at any moment. */
class OptimisticReadTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(1_750_000_000_000L));
    private final Segment segment = new Segment(8, EvictionPolicy.NOEVICTION);

    @AfterEach
    void close() {
        segment.close();
    }

    private byte[] put(String key, int length) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        segment.update(k, Table.tagOf(KeyHash.hash(k)), (current, edit) -> {
            edit.put(new byte[length], Store.NO_EXPIRY);
            return null;
        }, CLOCK.millis());
        return k;
    }

    private byte[] readUnlocked(byte[] k) {
        long stamp = segment.lock.tryOptimisticRead();
        assertThat(stamp).isNotZero();
        return segment.read(k, Table.tagOf(KeyHash.hash(k)), CLOCK, stamp);
    }

    @Test
    void read_withoutTheLock_ofALargeValue_answersRetry_andUnderTheLockReadsIt() {
        byte[] large = put("large", 20_000);
        byte[] small = put("small", 100);
        assertThat(readUnlocked(large)).isSameAs(Segment.RETRY);
        assertThat(readUnlocked(small)).hasSize(100);
        assertThat(segment.read(large, Table.tagOf(KeyHash.hash(large)), CLOCK, 0)).hasSize(20_000);
    }
}
