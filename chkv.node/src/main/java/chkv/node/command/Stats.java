package chkv.node.command;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters {@code INFO} reports; updated from many I/O threads at once. */
public final class Stats {
    final LongAdder commandsProcessed = new LongAdder();
    final LongAdder connectionsReceived = new LongAdder();
    final LongAdder keyspaceHits = new LongAdder();
    final LongAdder keyspaceMisses = new LongAdder();
    final LongAdder expiredKeys = new LongAdder();
    final LongAdder errorReplies = new LongAdder();
    final LongAdder rejectedConnections = new LongAdder();
    private final Map<String, Counters> perCommand = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> perError = new ConcurrentSkipListMap<>();
    private long peakMemory;
    private long rateSampleNanos;
    private long rateSampleCommands;
    private long opsPerSecond;
    /** Written only by the active expiry thread (and FLUSHALL), read by INFO. */
    private volatile long avgTtl;

    /** @param keys how many keys active expiry reclaimed */
    public void expired(long keys) {
        expiredKeys.add(keys);
    }

    /** @return the keys reclaimed by expiry so far */
    public long expiredKeys() {
        return expiredKeys.sum();
    }

    /**
     * Folds one round of active expiry into the {@code avg_ttl} estimate as Redis does: the
     * round's mean TTL weighs 2%, the estimate so far 98%, and the first round sets it.
     *
     * @param ttlSum the TTLs, in ms, of the live keys the round examined, summed
     * @param ttlSamples how many there were; a round that saw none leaves the estimate alone
     */
    public void sampledTtls(long ttlSum, long ttlSamples) {
        if (ttlSamples == 0) {
            return;
        }
        long mean = ttlSum / ttlSamples;
        long previous = avgTtl == 0 ? mean : avgTtl;
        avgTtl = previous / 50 * 49 + mean / 50;
    }

    /** Forgets the {@code avg_ttl} estimate: no key has a TTL any more (Redis: none left, or FLUSHALL). */
    public void noTtls() {
        avgTtl = 0;
    }

    /** @return Redis's {@code avg_ttl}: the running estimate of the live keys' TTL in ms, 0 before any */
    public long avgTtl() {
        return avgTtl;
    }

    /** {@code CONFIG RESETSTAT}: every counter, command and error statistic back to zero, as Redis's. */
    void reset() {
        for (LongAdder a : new LongAdder[] {commandsProcessed, connectionsReceived, keyspaceHits, keyspaceMisses,
            expiredKeys, errorReplies, rejectedConnections}) {
            a.reset();
        }
        perCommand.clear();
        perError.clear();
    }

    /** Counts a connection turned away (protected mode, maxclients), Redis's {@code rejected_connections}. */
    public void rejectedConnection() {
        rejectedConnections.increment();
    }

    /** @return Redis's used_memory_peak: the most memory seen used, counting {@code used} now */
    synchronized long peakMemory(long used) {
        peakMemory = Math.max(peakMemory, used);
        return peakMemory;
    }

    /**
     * Redis's instantaneous_ops_per_sec, measured between INFO calls at least 100 ms apart
     * rather than by a timer: the rate of the last such interval.
     */
    synchronized long opsPerSecond(long nowNanos) {
        long commands = commandsProcessed.sum();
        long elapsed = nowNanos - rateSampleNanos;
        if (rateSampleNanos == 0 || elapsed >= 100_000_000L) {
            opsPerSecond = rateSampleNanos == 0 ? 0 : (commands - rateSampleCommands) * 1_000_000_000L / elapsed;
            rateSampleNanos = nowNanos;
            rateSampleCommands = commands;
        }
        return opsPerSecond;
    }

    void lookup(boolean hit) {
        (hit ? keyspaceHits : keyspaceMisses).increment();
    }

    void connected() {
        connectionsReceived.increment();
    }

    void executed(CommandSpec spec, long micros, boolean failed) {
        commandsProcessed.increment();
        Counters c = counters(spec);
        c.calls.increment();
        c.micros.add(micros);
        if (failed) {
            c.failed.increment();
        }
    }

    void rejected(CommandSpec spec) {
        counters(spec).rejected.increment();
    }

    /** Counts an error reply by its code, the text up to the first space, as Redis's errorstats. */
    void error(String message) {
        errorReplies.increment();
        int space = message.indexOf(' ');
        String code = space < 0 ? message : message.substring(0, space);
        perError.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    private Counters counters(CommandSpec spec) {
        // get() first: it never locks, while computeIfAbsent may lock the bin on every call,
        // and this runs for every command on every I/O thread
        Counters c = perCommand.get(spec.name());
        return c != null ? c : perCommand.computeIfAbsent(spec.name(), k -> new Counters());
    }

    /** Appends the {@code cmdstat_} lines of the commands that ran or were rejected. */
    void appendCommandStats(StringBuilder out, Iterable<String> order) {
        for (String name : order) {
            Counters c = perCommand.get(name);
            if (c == null) {
                continue;
            }
            long calls = c.calls.sum();
            long micros = c.micros.sum();
            out.append("cmdstat_").append(name).append(":calls=").append(calls)
                    .append(",usec=").append(micros)
                    .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f",
                            calls == 0 ? 0.0 : (double) micros / calls))
                    .append(",rejected_calls=").append(c.rejected.sum())
                    .append(",failed_calls=").append(c.failed.sum()).append("\r\n");
        }
    }

    /** Appends the {@code errorstat_} lines. */
    void appendErrorStats(StringBuilder out) {
        perError.forEach((code, n) ->
                out.append("errorstat_").append(code).append(":count=").append(n.sum()).append("\r\n"));
    }

    private static final class Counters {
        final LongAdder calls = new LongAdder();
        final LongAdder micros = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder failed = new LongAdder();
    }
}
