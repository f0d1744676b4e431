package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The leak check itself: an unreleased buffer must be reported, or no test could fail on a leak. */
@ExtendWith(LeakCheck.class)
class LeakCheckTest {

    @Test
    void collect_reportsAnUnreleasedBuffer() throws InterruptedException {
        LeakCheck.collect(); // start clean
        leakOne();
        long deadline = System.nanoTime() + 5_000_000_000L;
        java.util.List<String> leaks = java.util.List.of();
        while (leaks.isEmpty() && System.nanoTime() < deadline) {
            leaks = LeakCheck.collect();
        }
        assertThat(leaks).isNotEmpty();
        assertThat(leaks.getFirst()).contains("ByteBuf");
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        leaked.writeLong(42);
        // dropped without release on purpose
    }
}
