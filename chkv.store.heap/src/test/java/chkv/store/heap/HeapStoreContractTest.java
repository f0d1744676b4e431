package chkv.store.heap;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreContract;

/** The shared Store contract, run against the heap store. */
class HeapStoreContractTest extends StoreContract {
    @Override
    protected Store create(StoreConfig config) {
        return new HeapStoreProvider().create(config);
    }
}
