package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Work waiting for a gate runs in arrival order, also work that arrives while it drains. */
class GateTest {

    @Test
    void waitingWork_runsInArrivalOrder() {
        Gate<String> gate = new Gate<>();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        List<CompletionStage<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            results.add(gate.then(v -> {
                ran.add(n);
                if (n == 0) {
                    results.add(gate.then(w -> { // arrives while the gate drains: queues behind
                        ran.add(100);
                        return CompletableFuture.completedFuture(100);
                    }));
                }
                return CompletableFuture.completedFuture(n);
            }));
        }
        assertThat(ran).isEmpty();
        gate.complete("open");
        assertThat(ran).hasSize(101);
        for (int i = 0; i < ran.size(); i++) {
            assertThat(ran.get(i)).isEqualTo(i);
        }
        assertThat(gate.isOpen()).isTrue();
        assertThat(results.get(5).toCompletableFuture().join()).isEqualTo(5);
    }

    @Test
    void failure_failsTheWaitingWorkAndLaterWork() {
        Gate<String> gate = new Gate<>();
        CompletionStage<Integer> before = gate.then(v -> CompletableFuture.completedFuture(1));
        gate.fail(new IllegalStateException("down"));
        assertThat(before.toCompletableFuture()).isCompletedExceptionally();
        assertThat(gate.then(v -> CompletableFuture.completedFuture(2)).toCompletableFuture()).isCompletedExceptionally();
        assertThat(gate.failed()).isTrue();
    }
}
