package chkv.testing;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;

/** Runs the contract suite against {@link ReferenceStore}, to check the suite itself. */
class ReferenceStoreContractTest extends StoreContract {
    @Override
    protected Store create(StoreConfig config) {
        return new ReferenceStore(config);
    }

    /** The reference store is one monitor: its reads are updates. */
    @Override
    protected boolean sharedReads() {
        return false;
    }
}
