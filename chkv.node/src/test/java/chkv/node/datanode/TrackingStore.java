package chkv.node.datanode;

import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongConsumer;

/** A real store that records when it is closed and signals each active-expiry call. */
class TrackingStore implements Store {
    private final Store delegate;
    private final List<String> events;
    final CountDownLatch reclaimCalls;
    volatile boolean closed;

    TrackingStore(Store delegate, List<String> events, int expectedReclaims) {
        this.delegate = delegate;
        this.events = events;
        this.reclaimCalls = new CountDownLatch(expectedReclaims);
    }

    @Override
    public byte[] get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public List<byte[]> getAll(List<byte[]> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public boolean setAll(List<byte[]> keys, List<byte[]> values, boolean onlyIfNoneExist) {
        return delegate.setAll(keys, values, onlyIfNoneExist);
    }

    @Override
    public <R> R update(byte[] key, Mutation<R> mutation) {
        return delegate.update(key, mutation);
    }

    @Override
    public long scan(long cursor, int count, KeySink sink) {
        return delegate.scan(cursor, count, sink);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long expiringKeys() {
        return delegate.expiringKeys();
    }

    @Override
    public long memoryUsed() {
        return delegate.memoryUsed();
    }

    @Override
    public void clear() {
        delegate.clear();
    }

    @Override
    public int reclaimExpired(int maxChecks, LongConsumer liveTtls) {
        int n = delegate.reclaimExpired(maxChecks, liveTtls);
        reclaimCalls.countDown();
        return n;
    }

    @Override
    public void reserveMemory() {
        delegate.reserveMemory();
    }

    @Override
    public void setMemoryPolicy(long maxMemory, chkv.api.spi.EvictionPolicy policy, int samples) {
        delegate.setMemoryPolicy(maxMemory, policy, samples);
    }

    @Override
    public chkv.api.spi.MemoryPolicy memoryPolicy() {
        return delegate.memoryPolicy();
    }

    @Override
    public InstantSource clock() {
        return delegate.clock();
    }

    @Override
    public void close() {
        closed = true;
        events.add("store closed");
        delegate.close();
    }
}
