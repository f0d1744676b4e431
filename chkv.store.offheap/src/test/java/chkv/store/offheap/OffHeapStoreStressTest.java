package chkv.store.offheap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreStressTest;

/** The concurrency stress test, run against the off-heap store. */
class OffHeapStoreStressTest extends StoreStressTest {
    @Override
    protected Store create(StoreConfig config) {
        return new OffHeapStoreProvider().create(config);
    }
}
