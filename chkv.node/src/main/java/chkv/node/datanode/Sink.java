package chkv.node.datanode;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ClusterMessage.ImportEntry;
import chkv.cluster.ClusterMessage.Transfer;
import chkv.cluster.ControlClient;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One new owner of a hand-over: batches the entries bound for it, sends each batch on its
 * control connection, and keeps at most a few batches unacknowledged, so a slow receiver slows
 * the sender instead of filling memory. A value larger than a piece goes in several pieces, so
 * one big key never makes one big frame.
 */
final class Sink implements AutoCloseable {
    /** Bytes of keys and values per batch. */
    static final int BATCH_BYTES = 256 * 1024;
    /** The largest piece of one value in a batch. */
    static final int PIECE_BYTES = 256 * 1024;
    private static final int MAX_ENTRIES = 2048;
    private static final int WINDOW = 8;
    private static final long CONNECT_SECONDS = 5;
    private static final long ACK_WAIT_MILLIS = 100;
    private static final long ACK_TIMEOUT_MILLIS = 30_000;

    /** Asks whether to give up waiting. */
    @FunctionalInterface
    interface Stop {
        boolean now();
    }

    private final ControlClient client;
    private final String target;
    private final Mover.RateLimit rate;
    private final Semaphore window = new Semaphore(WINDOW);
    private final List<ImportEntry> batch = new ArrayList<>();
    private volatile String failure;
    private int batchBytes;
    private final long epoch;
    private long seq;

    private Sink(ControlClient client, String target, long epoch, Mover.RateLimit rate) {
        this.client = client;
        this.epoch = epoch;
        this.target = target;
        this.rate = rate;
    }

    static Sink open(Transfer transfer, long epoch, Transport transport, ClusterAuth auth, Mover.RateLimit rate) throws Exception {
        InetSocketAddress address = new InetSocketAddress(transfer.host(), transfer.controlPort());
        Sink[] self = new Sink[1];
        ControlClient client = ControlClient.connect(transport, address, "datanode", auth, message -> {
            Sink s = self[0];
            if (s != null && message instanceof ClusterMessage.ImportAck(long ackSeq, String error)) {
                if (error != null) {
                    s.failure = "batch " + ackSeq + " refused: " + error;
                }
                s.window.release();
            } else if (s != null && message instanceof ClusterMessage.Refused(String reason)) {
                s.failure = "refused: " + reason;
            }
        }, () -> {
            Sink s = self[0];
            if (s != null && s.failure == null) {
                s.failure = "connection closed";
            }
        }).toCompletableFuture().get(CONNECT_SECONDS, TimeUnit.SECONDS);
        self[0] = new Sink(client, transfer.to(), epoch, rate);
        return self[0];
    }

    /** @return the bytes of key and value queued */
    int send(byte[] key, byte[] value, long expireAt, Stop stop) throws Exception {
        if (value == null) {
            add(new ImportEntry(key, null, 0, 0, expireAt), key.length, stop);
            return key.length;
        }
        if (value.length <= PIECE_BYTES) {
            add(new ImportEntry(key, value, 0, value.length, expireAt), key.length + value.length, stop);
            return key.length + value.length;
        }
        for (int offset = 0; offset < value.length; offset += PIECE_BYTES) {
            int end = Math.min(value.length, offset + PIECE_BYTES);
            add(new ImportEntry(key, Arrays.copyOfRange(value, offset, end), offset, value.length, expireAt),
                    key.length + end - offset, stop);
        }
        return key.length + value.length;
    }

    private void add(ImportEntry entry, int bytes, Stop stop) throws Exception {
        batch.add(entry);
        batchBytes += bytes;
        if (batchBytes >= BATCH_BYTES || batch.size() >= MAX_ENTRIES) {
            flush(stop);
        }
    }

    /** Sends the batch being filled, once the window has room. */
    void flush(Stop stop) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        rate.acquire(batchBytes);
        acquire(1, stop);
        client.send(ClusterMessage.ImportBatch.of(epoch, seq++, batch));
        batch.clear();
        batchBytes = 0;
    }

    /** Waits until every batch sent was acknowledged. */
    void awaitAll(Stop stop) throws Exception {
        acquire(WINDOW, stop);
        window.release(WINDOW);
        check();
    }

    private void acquire(int permits, Stop stop) throws Exception {
        long deadline = System.nanoTime() + ACK_TIMEOUT_MILLIS * 1_000_000;
        while (!window.tryAcquire(permits, ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            check();
            if (stop.now()) {
                throw new IllegalStateException("cancelled");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(target + ": no acknowledgement within " + ACK_TIMEOUT_MILLIS + " ms");
            }
        }
        check();
    }

    private void check() {
        String f = failure;
        if (f != null) {
            throw new IllegalStateException(target + ": " + f);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
