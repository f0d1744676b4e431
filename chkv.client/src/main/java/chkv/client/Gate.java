package chkv.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A value that is not ready yet, and the work waiting for it run in arrival order once it is.
 * A {@link CompletableFuture}'s dependents would run in reverse order, which would reorder the
 * commands a client pipelines while a connection opens.
 *
 * @param <T> the value
 */
final class Gate<T> {
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** Written last, after the value or failure, so a reader seeing it open needs no lock. */
    private volatile boolean open;
    private T value;
    private Throwable failure;

    /**
     * @param work what to run with the value
     * @return completes as the work's stage does, or exceptionally when the value failed
     */
    <R> CompletionStage<R> then(Function<T, CompletionStage<R>> work) {
        if (open) {
            // the common case, once open: no stage of our own around the work's
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            try {
                return work.apply(value);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        synchronized (this) {
            if (!open) {
                waiting.add(() -> run(work, result));
                return result;
            }
        }
        run(work, result);
        return result;
    }

    /** @param ready the value; runs the waiting work in order */
    void complete(T ready) {
        settle(ready, null);
    }

    /** @param cause why there is no value; fails the waiting work in order */
    void fail(Throwable cause) {
        settle(null, cause);
    }

    /** @return whether the value (or its failure) is known and no work waits */
    boolean isOpen() {
        return open;
    }

    /** @return the value, or {@code null} while not open or after a failure */
    T value() {
        return open ? value : null;
    }

    /** @return whether it failed */
    boolean failed() {
        return open && failure != null;
    }

    private void settle(T ready, Throwable cause) {
        synchronized (this) {
            if (value != null || failure != null) {
                return;
            }
            value = ready;
            failure = cause;
        }
        // Work arriving while this drains queues behind it; the gate opens only once it is empty.
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    open = true;
                    return;
                }
            }
            next.run();
        }
    }

    private <R> void run(Function<T, CompletionStage<R>> work, CompletableFuture<R> result) {
        if (failure != null) {
            result.completeExceptionally(failure);
            return;
        }
        try {
            work.apply(value).whenComplete((r, f) -> {
                if (f != null) {
                    result.completeExceptionally(f);
                } else {
                    result.complete(r);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
