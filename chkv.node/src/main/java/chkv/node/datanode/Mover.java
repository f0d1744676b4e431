package chkv.node.datanode;

import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ClusterMessage.Transfer;
import chkv.cluster.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of a hand-over: carries out the NameNode's latest {@link ClusterMessage.MoveOrder}
 * on a thread of its own. One sweep of the store sends every key of the ranges (a resumable scan
 * cursor, batches of bounded size, no store lock held while a batch is on the wire, throttled to
 * a byte rate); then the keys written meanwhile are sent again until few are left, and the
 * source reports it has caught up and keeps sending fresh writes. When every source of the plan
 * has caught up, the NameNode says finish: the ranges are frozen, the last written keys sent,
 * and done is reported. The ranges stay frozen until the NameNode's next order (an empty one
 * once the new epoch is out) lets them go, so they are frozen only for the last step.
 */
final class Mover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mover.class);
    private static final int SCAN_COUNT = 512;
    private static final int WRITTEN_LEFT_TO_FREEZE = 256;
    private static final int WRITTEN_PASSES = 8;
    private static final long REPORT_EVERY_NANOS = 500_000_000L;
    /** While waiting for the other sources, fresh writes go out this often. */
    private static final long KEEP_UP_MILLIS = 5;

    private final Store store;
    private final ClusterRouter router;
    private final Transport transport;
    private final ClusterAuth auth;
    private final RateLimit rate;
    private final Consumer<ClusterMessage.MoveProgress> report;
    private final Runnable quiesce;
    private final String self;
    private Run current;
    private boolean closed;

    /**
     * @param store what is handed over
     * @param router told which ranges are handed over, and freezes them
     * @param transport connects to the new owners' internal ports
     * @param auth the cluster secret they check
     * @param self this node's member id
     * @param bytesPerSecond the most key and value bytes sent per second
     * @param report where progress goes (to the NameNode); called from the mover's thread
     * @param quiesce returns once the commands running when it was called have finished
     */
    Mover(Store store, ClusterRouter router, Transport transport, ClusterAuth auth, String self, long bytesPerSecond,
            Consumer<ClusterMessage.MoveProgress> report, Runnable quiesce) {
        this.store = store;
        this.router = router;
        this.transport = transport;
        this.auth = auth;
        this.self = self;
        this.rate = new RateLimit(bytesPerSecond);
        this.report = report;
        this.quiesce = quiesce;
    }

    /**
     * Follows an order: an empty one stops the hand-over and lets its ranges go; one with the
     * transfers under way only takes its epoch (a NameNode that restarted orders them again);
     * any other replaces the hand-over under way.
     *
     * @param order the NameNode's order
     */
    synchronized void order(ClusterMessage.MoveOrder order) {
        if (closed) {
            return;
        }
        Run run = current;
        if (run != null && run.handover.transfers().equals(order.transfers())) {
            run.epoch = order.epoch();
            if (run.done || run.caughtUp) {
                run.reportNow(run.done);
            }
            return;
        }
        if (run != null) {
            run.cancel();
            current = null;
        }
        if (!order.transfers().isEmpty()) {
            current = new Run(order.epoch(), new Handover(order.transfers()));
            Thread.ofPlatform().daemon().name("chkv-handover").start(current);
        }
    }

    /** @param epoch the epoch of the order every source of the plan has caught up on */
    synchronized void finish(long epoch) {
        Run run = current;
        if (run != null && run.epoch == epoch) {
            run.finish = true;
        }
    }

    /** Stops any hand-over and lets its ranges go. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    /** One order carried out, retried from the start after a failure until it is done or cancelled. */
    private final class Run implements Runnable {
        private final Handover handover;
        private volatile long epoch;
        private volatile boolean cancelled;
        private volatile boolean caughtUp;
        private volatile boolean finish;
        private volatile boolean done;
        private long keysSent;
        private long bytesSent;
        private long keysLeft;
        private long lastReport;

        Run(long epoch, Handover handover) {
            this.epoch = epoch;
            this.handover = handover;
        }

        void cancel() {
            cancelled = true;
            handover.thaw();
            router.handover(null);
        }

        @Override
        public void run() {
            router.handover(handover);
            long backoff = 100;
            while (!cancelled) {
                long started = System.nanoTime();
                try (Targets targets = new Targets(handover.transfers(), epoch, transport, auth, rate)) {
                    handOver(targets);
                    done = true;
                    reportNow(true);
                    long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
                    LOG.info("handed {} keys ({} bytes) of {} ranges over in {} ms ({} keys/s, {} MB/s) for epoch {}; "
                            + "frozen until the new epoch", keysSent, bytesSent, handover.transfers().size(), millis,
                            keysSent * 1000 / millis, String.format(java.util.Locale.ROOT, "%.1f",
                                    bytesSent / 1048.576 / millis), epoch);
                    return;
                } catch (Cancelled e) {
                    return;
                } catch (Exception e) {
                    handover.thaw();
                    if (cancelled) {
                        return;
                    }
                    handover.retryTaken();
                    LOG.warn("hand-over for epoch {} failed ({}); starting again in {} ms", epoch, e.getMessage(), backoff);
                    sleep(backoff);
                    backoff = Math.min(5_000, backoff * 2);
                }
            }
        }

        /** @return the share of the ring this node's store holds keys of, which the ranges handed over are part of */
        private double heldShare(Placement placement) {
            double width = 0;
            for (chkv.api.HashRange r : placement.ring().primaryRanges(self)) {
                long w = r.end() - r.start(); // modulo 2^64: an arc that wraps comes out right
                width += w == 0 ? 0x1p64 : (w < 0 ? w + 0x1p64 : w);
            }
            double held = Math.min(1, width / 0x1p64 * placement.topology().replicas());
            return held > 0 ? held : 1; // not in the ring: the share is of the whole ring
        }

        private void handOver(Targets targets) throws Exception {
            caughtUp = false;
            keysSent = 0;
            bytesSent = 0;
            Placement placement = router.placement();
            long estimate = Math.round(store.size() * Math.min(1, handover.share() / heldShare(placement)));
            long cursor = 0;
            List<byte[]> keys = new ArrayList<>(SCAN_COUNT);
            do {
                keys.clear();
                cursor = store.scan(cursor, SCAN_COUNT, key -> {
                    if (handover.transferOf(placement.position(key)) >= 0) {
                        keys.add(key);
                    }
                });
                for (byte[] key : keys) {
                    send(targets, placement, key);
                }
                keysLeft = Math.max(0, estimate - keysSent);
                progress();
            } while (cursor != 0);
            keysLeft = 0;
            for (int pass = 0; pass < WRITTEN_PASSES && handover.writtenCount() > WRITTEN_LEFT_TO_FREEZE; pass++) {
                sendWritten(targets, placement, handover.writtenCount());
            }
            caughtUp = true;
            reportNow(false);
            while (!finish) {
                if (cancelled) {
                    throw new Cancelled();
                }
                sendWritten(targets, placement, handover.writtenCount());
                targets.flush(() -> cancelled);
                if (System.nanoTime() - lastReport >= REPORT_EVERY_NANOS) {
                    reportNow(false);
                }
                sleep(KEEP_UP_MILLIS);
            }
            handover.freeze(quiesce);
            sendWritten(targets, placement, Integer.MAX_VALUE);
            targets.flushAndAwait(() -> cancelled);
        }

        /** Sends the keys written since they were last sent, at most {@code max} of them. */
        private void sendWritten(Targets targets, Placement placement, int max) throws Exception {
            int sent = 0;
            while (sent < max) {
                List<byte[]> written = handover.takeWritten(Math.min(SCAN_COUNT, max - sent));
                if (written.isEmpty()) {
                    return;
                }
                for (byte[] key : written) {
                    send(targets, placement, key);
                }
                sent += written.size();
                progress();
            }
        }

        /** Reads the key now, outside any lock but its own, and sends what it holds: a value or a deletion. */
        private void send(Targets targets, Placement placement, byte[] key) throws Exception {
            if (cancelled) {
                throw new Cancelled();
            }
            int target = handover.transferOf(placement.position(key));
            Found found = store.read(key, current -> current == null ? null
                    : new Found(current.value(), current.expireAt()));
            int bytes = targets.send(target, key, found == null ? null : found.value(),
                    found == null ? Store.NO_EXPIRY : found.expireAt(), () -> cancelled);
            keysSent++;
            bytesSent += bytes;
        }

        private void progress() {
            if (System.nanoTime() - lastReport >= REPORT_EVERY_NANOS) {
                reportNow(false);
            }
        }

        void reportNow(boolean finished) {
            lastReport = System.nanoTime();
            report.accept(new ClusterMessage.MoveProgress(epoch, self, handover.transfers().size(), keysSent, bytesSent,
                    finished ? 0 : keysLeft, caughtUp, finished));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Found(byte[] value, long expireAt) {}

    /** A hand-over stopped by a newer order. */
    private static final class Cancelled extends Exception {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /** The new owners of one order, each behind its own connection, in transfer order. */
    static final class Targets implements AutoCloseable {
        private final List<Sink> byTransfer = new ArrayList<>();
        private final Map<String, Sink> byMember = new LinkedHashMap<>();

        Targets(List<Transfer> transfers, long epoch, Transport transport, ClusterAuth auth, RateLimit rate)
                throws Exception {
            try {
                for (Transfer t : transfers) {
                    Sink sink = byMember.get(t.to());
                    if (sink == null) {
                        sink = Sink.open(t, epoch, transport, auth, rate);
                        byMember.put(t.to(), sink);
                    }
                    byTransfer.add(sink);
                }
            } catch (Exception e) {
                close();
                throw e;
            }
        }

        /** @return the bytes of key and value sent */
        int send(int transfer, byte[] key, byte[] value, long expireAt, Sink.Stop stop) throws Exception {
            return byTransfer.get(transfer).send(key, value, expireAt, stop);
        }

        void flush(Sink.Stop stop) throws Exception {
            for (Sink sink : byMember.values()) {
                sink.flush(stop);
            }
        }

        void flushAndAwait(Sink.Stop stop) throws Exception {
            flush(stop);
            for (Sink sink : byMember.values()) {
                sink.awaitAll(stop);
            }
        }

        @Override
        public void close() {
            byMember.values().forEach(Sink::close);
        }
    }

    /** Bounds the hand-over batches sent per second by their bytes. */
    static final class RateLimit {
        private final long bytesPerSecond;
        private long nextFreeNanos;

        RateLimit(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        /** Waits until {@code bytes} more may go; a burst of up to 50 ms of the rate goes at once. */
        synchronized void acquire(long bytes) throws InterruptedException {
            if (bytesPerSecond <= 0) {
                return;
            }
            long now = System.nanoTime();
            nextFreeNanos = Math.max(nextFreeNanos, now - 50_000_000L) + bytes * 1_000_000_000L / bytesPerSecond;
            long wait = nextFreeNanos - now;
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
