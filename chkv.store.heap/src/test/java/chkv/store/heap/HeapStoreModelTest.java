package chkv.store.heap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreModelTest;

/** The model-based test, run against the heap store. */
class HeapStoreModelTest extends StoreModelTest {
    @Override
    protected Store create(StoreConfig config) {
        return new HeapStoreProvider().create(config);
    }
}
