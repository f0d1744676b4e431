package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GateTest {
    private final Gate gate = new Gate();

    @Test
    void exclusive_waitsForSharedHoldersOfEveryThread() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            int stripe = gate.enterShared();
            held.countDown();
            await(release);
            gate.exitShared(stripe);
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch entered = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            gate.enterExclusive();
            entered.countDown();
            gate.exitExclusive();
        });
        assertThat(entered.await(200, TimeUnit.MILLISECONDS)).as("exclusive while shared is held").isFalse();
        release.countDown();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
        writer.join(10_000);
    }

    @Test
    void shared_waitsWhileExclusiveIsHeld() throws Exception {
        gate.enterExclusive();
        CountDownLatch entered = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            int stripe = gate.enterShared();
            entered.countDown();
            gate.exitShared(stripe);
        });
        assertThat(entered.await(200, TimeUnit.MILLISECONDS)).as("shared while exclusive is held").isFalse();
        gate.exitExclusive();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);
    }

    @Test
    void shared_manyThreadsAtOnce() throws Exception {
        int n = 8;
        CountDownLatch all = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Thread.ofPlatform().start(() -> {
                int stripe = gate.enterShared();
                all.countDown();
                await(release);
                gate.exitShared(stripe);
            });
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).as("all inside at once").isTrue();
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
