package chkv.store.offheap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreContract;

/** The shared Store contract, run against the off-heap store. */
class OffHeapStoreContractTest extends StoreContract {
    @Override
    protected Store create(StoreConfig config) {
        return new OffHeapStoreProvider().create(config);
    }
}
