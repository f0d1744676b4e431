package chkv.testing;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;

/** Runs the model-based test against {@link ReferenceStore}, to check the test itself. */
class ReferenceStoreModelTest extends StoreModelTest {
    @Override
    protected Store create(StoreConfig config) {
        return new ReferenceStore(config);
    }
}
