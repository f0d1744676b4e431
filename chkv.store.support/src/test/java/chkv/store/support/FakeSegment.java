package chkv.store.support;

import chkv.api.spi.Store;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongConsumer;

/** A segment with a real lock and no data: tests override what they exercise. */
class FakeSegment implements StoreSegment {
    final StampedLock lock = new StampedLock();

    @Override
    public StampedLock lock() {
        return lock;
    }

    boolean locked() {
        return lock.isReadLocked() || lock.isWriteLocked();
    }

    @Override
    public byte[] getLocked(byte[] key, long hash, InstantSource clock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <R> R readLocked(byte[] key, long hash, Store.Reader<R> reader, InstantSource clock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <R> R updateLocked(byte[] key, long hash, Store.Mutation<R> mutation, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long writeLocked(byte[] key, long hash, long offset, byte[] bytes, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int sample(boolean volatileOnly, int from, int slots) {
        return -1;
    }

    @Override
    public int slots() {
        return 8;
    }

    @Override
    public int usageAt(int slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long expireAtAt(int slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public byte[] keyAt(int slot) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long scan(long v, List<byte[]> out, int wanted, int[] budget, long now) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long expireSample(int samples, int slots, long now, LongConsumer liveTtls) {
        return 0;
    }

    @Override
    public void remove(byte[] key, long hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void usagePolicy(chkv.api.spi.EvictionPolicy policy, long now) {
        // the fake keeps no usage words
    }

    @Override
    public long usageOf(byte[] key, long hash, long now) {
        return -1;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean closed() {
        return false;
    }

    @Override
    public Thread mutating() {
        return null;
    }

    @Override
    public int keyCount() {
        return 0;
    }

    @Override
    public int expiringKeyCount() {
        return 0;
    }

    @Override
    public long bytes() {
        return 0;
    }
}
