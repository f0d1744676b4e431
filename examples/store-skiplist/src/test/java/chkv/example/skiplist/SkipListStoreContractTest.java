package chkv.example.skiplist;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreContract;

/** The shared contract test, run against the skip-list store plug-in. */
class SkipListStoreContractTest extends StoreContract {
    @Override
    protected Store create(StoreConfig config) {
        return new SkipListStorage.Provider().create(config);
    }
}
