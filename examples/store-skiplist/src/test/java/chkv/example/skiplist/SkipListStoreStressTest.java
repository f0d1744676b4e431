package chkv.example.skiplist;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.StoreStressTest;

/** The shared stress test, run against the skip-list store plug-in. */
class SkipListStoreStressTest extends StoreStressTest {
    @Override
    protected Store create(StoreConfig config) {
        return new SkipListStorage.Provider().create(config);
    }
}
