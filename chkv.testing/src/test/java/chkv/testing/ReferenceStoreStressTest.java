package chkv.testing;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;

/** Runs the stress test against {@link ReferenceStore}, to check the test itself. */
class ReferenceStoreStressTest extends StoreStressTest {
    @Override
    protected Store create(StoreConfig config) {
        return new ReferenceStore(config);
    }
}
