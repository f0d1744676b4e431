package chkv.example.skiplist;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreModelTest;

/** The shared model test, run against the skip-list store plug-in. */
class SkipListStoreModelTest extends StoreModelTest {
    @Override
    protected Store create(StoreConfig config) {
        return new SkipListStorage.Provider().create(config);
    }
}
