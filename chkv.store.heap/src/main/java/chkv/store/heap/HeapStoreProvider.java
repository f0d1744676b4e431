package chkv.store.heap;

/** Placeholder until the implementation lands. */
public final class HeapStoreProvider implements chkv.api.spi.StoreProvider {
    @Override
    public String name() {
        return "heap";
    }

    @Override
    public chkv.api.spi.Store create(chkv.api.spi.StoreConfig config) {
        throw new UnsupportedOperationException("heap: not implemented yet");
    }
}
