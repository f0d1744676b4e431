package chkv.store.offheap;

/** Placeholder until the implementation lands. */
public final class OffHeapStoreProvider implements chkv.api.spi.StoreProvider {
    @Override
    public String name() {
        return "offheap";
    }

    @Override
    public chkv.api.spi.Store create(chkv.api.spi.StoreConfig config) {
        throw new UnsupportedOperationException("offheap: not implemented yet");
    }
}
