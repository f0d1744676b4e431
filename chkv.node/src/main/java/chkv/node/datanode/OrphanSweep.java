package chkv.node.datanode;

import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the keys a node no longer owns after an epoch took ranges from it: those it handed
 * over (deleted only once the epoch that gives them away is here), and those of ranges it lost
 * without a hand-over, which are unreachable and, worse, would come back stale if the range ever
 * returned. Keys it is receiving for a range it will own are kept. One resumable pass over the
 * store per request, in small batches on the cluster thread, so heartbeats go on between
 * batches; a key found to be another's is judged again under its own lock against the newest
 * epoch before it goes, so a key that became this node's again meanwhile is kept, while the keys
 * it keeps (nearly all of them) cost no lock.
 */
final class OrphanSweep {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweep.class);
    private static final int BATCH = 512;

    private final Store store;
    private final ClusterRouter router;
    private final ScheduledExecutorService thread;
    private boolean running;
    private boolean again;
    private long cursor;
    private long dropped;

    OrphanSweep(Store store, ClusterRouter router, ScheduledExecutorService thread) {
        this.store = store;
        this.router = router;
        this.thread = thread;
    }

    /** Sweeps once more from the start, after the pass under way if there is one. */
    void request() {
        thread.execute(() -> {
            if (running) {
                again = true;
                return;
            }
            running = true;
            cursor = 0;
            dropped = 0;
            thread.execute(this::step);
        });
    }

    private void step() {
        List<byte[]> keys = new ArrayList<>(BATCH);
        try {
            cursor = store.scan(cursor, BATCH, keys::add);
            for (byte[] key : keys) {
                if (router.ownsOrImports(key)) {
                    continue; // nearly every key: kept without taking its lock
                }
                Boolean gone = store.update(key, (current, edit) -> {
                    if (current == null || router.ownsOrImports(key)) {
                        return false;
                    }
                    edit.delete();
                    return true;
                });
                if (gone) {
                    dropped++;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("dropping keys of ranges this node lost failed; retrying in 1 s", e);
            thread.schedule(this::step, 1, TimeUnit.SECONDS);
            return;
        }
        if (cursor != 0) {
            thread.execute(this::step);
            return;
        }
        if (dropped > 0) {
            LOG.info("dropped {} keys of ranges this node no longer owns", dropped);
        }
        running = false;
        if (again) {
            again = false;
            request();
        }
    }
}
