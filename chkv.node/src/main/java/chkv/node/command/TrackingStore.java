package chkv.node.command;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The store as one command sees it while some connection WATCHes keys: it passes every call
 * through and notes the keys the command really changed (a mutation that edited its key, an
 * {@code MSET} that wrote), so that the dispatcher signals exactly those, as Redis's
 * {@code signalModifiedKey} does. The Redis string writes are the Store's defaults over
 * {@link #update} (not the store's own faster versions), so every write is seen and a command
 * added later is covered without knowing of WATCH; every read is the store's own.
 * TrackingStoreTest fails when Store gains a method this class has not decided on.
 */
final class TrackingStore implements Store {
    private final Store store;
    private final Watches watches;
    private List<byte[]> changed;

    TrackingStore(Store store, Watches watches) {
        this.store = store;
        this.watches = watches;
    }

    /** Signals the keys changed so far to their watchers. */
    void signal() {
        if (changed != null) {
            changed.forEach(watches::touch);
            changed = null;
        }
    }

    private void changed(byte[] key) {
        if (changed == null) {
            changed = new ArrayList<>(2);
        }
        changed.add(key);
    }

    @Override
    public <R> R update(byte[] key, Mutation<R> mutation) {
        Noting noting = new Noting();
        R result = store.update(key, (current, edit) -> {
            noting.edit = edit;
            return mutation.apply(current, noting);
        });
        if (noting.edited) {
            changed(key);
        }
        return result;
    }

    @Override
    public boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        boolean written = store.setAll(keys, values, onlyIfNoneExist);
        if (written) {
            keys.forEach(this::changed);
        }
        return written;
    }

    @Override
    public void clear() {
        watches.flushing(store);
        store.clear();
    }

    @Override
    public <R> R read(byte[] key, Reader<R> reader) {
        return store.read(key, reader);
    }

    @Override
    public boolean exists(byte[] key) {
        return store.exists(key);
    }

    @Override
    public long strlen(byte[] key) {
        return store.strlen(key);
    }

    @Override
    public byte[] getRange(byte[] key, long start, long end) {
        return store.getRange(key, start, end);
    }

    @Override
    public long pttl(byte[] key) {
        return store.pttl(key);
    }

    @Override
    public long expireTime(byte[] key) {
        return store.expireTime(key);
    }

    @Override
    public ScanPage scan(long cursor, byte[] pattern, int count) {
        return store.scan(cursor, pattern, count);
    }

    @Override
    public List<byte[]> keys(byte[] pattern) {
        return store.keys(pattern);
    }

    @Override
    public byte[] randomKey() {
        return store.randomKey();
    }

    @Override
    public int reclaimExpired(int maxChecks) {
        return store.reclaimExpired(maxChecks);
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(key);
    }

    @Override
    public long idleMillis(byte[] key) {
        return store.idleMillis(key);
    }

    @Override
    public int frequency(byte[] key) {
        return store.frequency(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return store.getAll(keys);
    }

    @Override
    public long scan(long cursor, int count, KeySink sink) {
        return store.scan(cursor, count, sink);
    }

    @Override
    public long size() {
        return store.size();
    }

    @Override
    public long expiringKeys() {
        return store.expiringKeys();
    }

    @Override
    public long memoryUsed() {
        return store.memoryUsed();
    }

    @Override
    public int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        return store.reclaimExpired(maxChecks, liveTtls);
    }

    @Override
    public void reserveMemory() {
        store.reserveMemory();
    }

    @Override
    public void setMemoryPolicy(long maxMemory, EvictionPolicy policy, int samples) {
        store.setMemoryPolicy(maxMemory, policy, samples);
    }

    @Override
    public MemoryPolicy memoryPolicy() {
        return store.memoryPolicy();
    }

    @Override
    public InstantSource clock() {
        return store.clock();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("close: a command does not close the store");
    }

    /** The store's edit, noting whether the mutation used it. */
    private static final class Noting implements Edit {
        Edit edit;
        boolean edited;

        @Override
        public void put(byte[] value, long expireAt) {
            edit.put(value, expireAt);
            edited = true;
        }

        @Override
        public void expireAt(long expireAt) {
            edit.expireAt(expireAt);
            edited = true;
        }

        @Override
        public void delete() {
            edit.delete();
            edited = true;
        }
    }
}
