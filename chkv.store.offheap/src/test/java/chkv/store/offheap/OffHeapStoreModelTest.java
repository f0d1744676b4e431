package chkv.store.offheap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreModelTest;

/** The model-based test, run against the off-heap store. */
class OffHeapStoreModelTest extends StoreModelTest {
    @Override
    protected Store create(StoreConfig config) {
        return new OffHeapStoreProvider().create(config);
    }
}
