package chkv.store.heap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreStressTest;

/** The concurrency stress test, run against the heap store. */
class HeapStoreStressTest extends StoreStressTest {
    @Override
    protected Store create(StoreConfig config) {
        return new HeapStoreProvider().create(config);
    }
}
