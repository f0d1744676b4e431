package chkv.node.datanode;

import chkv.api.spi.Store;
import chkv.node.command.Stats;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Redis's active expire cycle: reclaims keys whose time has passed even if nobody reads them
 * again, in bounded rounds so a cycle never stalls the node. Run {@link #cycle()} {@code hz}
 * times a second.
 */
final class ActiveExpiry {
    /** Keys examined per call to the store, so that one call is short and holds no lock for long. */
    static final int CHECKS_PER_ROUND = 320;

    /** Redis keeps going while more than a quarter of the sample was expired. */
    private static final int REPEAT_ABOVE = CHECKS_PER_ROUND / 4;

    /** The most rounds per cycle, so a store full of expired keys cannot hold the thread forever. */
    static final int MAX_ROUNDS = 16;

    private final Store store;
    private final Stats stats;
    private final LongSupplier nanoTime;
    private final LongSupplier budgetNanos;

    /**
     * @param store the store to reclaim from
     * @param stats where reclaimed keys are counted
     * @param nanoTime monotonic time in ns
     * @param budgetNanos the time one cycle may take, read at each cycle (Redis: 25% of the time
     *     between cycles, which {@code CONFIG SET hz} changes)
     */
    ActiveExpiry(Store store, Stats stats, LongSupplier nanoTime, LongSupplier budgetNanos) {
        this.store = store;
        this.stats = stats;
        this.nanoTime = nanoTime;
        this.budgetNanos = budgetNanos;
    }

    /** @return the keys reclaimed by one cycle */
    long cycle() {
        long start = nanoTime.getAsLong();
        long budget = budgetNanos.getAsLong();
        long total = 0;
        TtlSum ttls = new TtlSum();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            ttls.sum = 0;
            ttls.samples = 0;
            int reclaimed = store.reclaimExpired(CHECKS_PER_ROUND, ttls);
            stats.sampledTtls(ttls.sum, ttls.samples);
            total += reclaimed;
            if (reclaimed <= REPEAT_ABOVE || nanoTime.getAsLong() - start >= budget) {
                break;
            }
        }
        stats.expired(total);
        if (store.expiringKeys() == 0) {
            stats.noTtls(); // as Redis, whose avg_ttl drops to 0 once no key has a TTL
        }
        return total;
    }

    /** The TTLs of the live keys one round examined. */
    private static final class TtlSum implements LongConsumer {
        long sum;
        long samples;

        @Override
        public void accept(long ttl) {
            sum += ttl;
            samples++;
        }
    }
}
