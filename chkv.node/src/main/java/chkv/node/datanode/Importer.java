package chkv.node.datanode;

import chkv.api.RedisException;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.Transport.MessageConnection;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlAcceptor;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving side of a hand-over, on the DataNode's internal port: writes each batch a source
 * sends, in the order it was sent, whatever the epoch says of the keys (the router keeps
 * redirecting clients away from them until the epoch that gives this node the ranges), and
 * acknowledges it. A value sent in pieces is written when its last piece arrives.
 */
final class Importer implements ControlAcceptor.Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    private final Store store;
    private final InstantSource clock;
    /** Values arriving in pieces, per connection and key. */
    private final Map<MessageConnection, Map<ByteBuffer, byte[]>> partial = new ConcurrentHashMap<>();
    private volatile boolean overLimitLogged;

    Importer(Store store) {
        this.store = store;
        this.clock = store.clock();
    }

    @Override
    public void received(MessageConnection from, String role, ClusterMessage message) {
        if (!(message instanceof ClusterMessage.ImportBatch batch)) {
            from.send(new ClusterMessage.Refused(message.getClass().getSimpleName()
                    + " (expected: ImportBatch on a DataNode's internal port)"));
            return;
        }
        long seq = batch.seq();
        try {
            makeRoom();
            Map<ByteBuffer, byte[]> pieces = partial.computeIfAbsent(from, _ -> new HashMap<>());
            long now = clock.millis();
            for (ClusterMessage.ImportEntry e : batch.entries()) {
                apply(e, pieces, now);
            }
            from.send(new ClusterMessage.ImportAck(seq, null));
        } catch (RuntimeException e) {
            LOG.warn("hand-over batch {} of epoch {} from {} failed", seq, batch.epoch(), from.remoteAddress(), e);
            from.send(new ClusterMessage.ImportAck(seq, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * Under {@code --maxmemory} with an eviction policy, a batch first evicts as a client's write
     * does, so that ranges arriving in a full cache push out its coldest keys. Under
     * {@code noeviction} the batch is written anyway: refusing it would stall the move, and the
     * keys would have nowhere else to go; clients' writes get {@code -OOM} until memory is back
     * under the limit, as after a CONFIG SET maxmemory below what is used.
     */
    private void makeRoom() {
        MemoryPolicy policy = store.memoryPolicy();
        if (policy.maxMemory() <= 0) {
            return;
        }
        if (policy.policy() == EvictionPolicy.NOEVICTION) {
            if (store.memoryUsed() > policy.maxMemory() && !overLimitLogged) {
                overLimitLogged = true;
                LOG.warn("ranges arriving while over maxmemory ({} of {} bytes) under noeviction: written anyway",
                        store.memoryUsed(), policy.maxMemory());
            }
            return;
        }
        try {
            store.reserveMemory();
        } catch (RedisException e) {
            // nothing left to evict: as under noeviction, the batch is written anyway
        }
    }

    private void apply(ClusterMessage.ImportEntry e, Map<ByteBuffer, byte[]> pieces, long now) {
        byte[] key = e.key();
        if (e.value() == null || (e.expireAt() != Store.NO_EXPIRY && e.expireAt() <= now)) {
            store.delete(key);
            pieces.remove(ByteBuffer.wrap(key));
            return;
        }
        byte[] value = e.value();
        if (e.offset() != 0 || value.length != e.length()) {
            ByteBuffer id = ByteBuffer.wrap(key);
            byte[] whole = e.offset() == 0 ? new byte[e.length()] : pieces.get(id);
            if (whole == null || whole.length != e.length() || e.offset() + value.length > whole.length) {
                throw new IllegalArgumentException("piece at " + e.offset() + " of a " + e.length()
                        + "-byte value (expected: pieces in order, from offset 0)");
            }
            System.arraycopy(value, 0, whole, e.offset(), value.length);
            if (e.offset() + value.length < whole.length) {
                pieces.put(id, whole);
                return;
            }
            pieces.remove(id);
            value = whole;
        }
        byte[] written = value;
        store.update(key, (current, edit) -> {
            edit.put(written, e.expireAt());
            return null;
        });
    }

    @Override
    public void closed(MessageConnection connection) {
        partial.remove(connection);
    }

    @Override
    public void refused(MessageConnection from, String reason) {
        LOG.warn("internal connection from {} refused: {}", from.remoteAddress(), reason);
    }
}
