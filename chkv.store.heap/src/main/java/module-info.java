/**
 * The on-heap {@link chkv.api.spi.Store}, selected by the name {@code heap}.
 *
 * @provides chkv.api.spi.StoreProvider heap
 */
module chkv.store.heap {
    requires chkv.api;
    requires chkv.store.support;

    provides chkv.api.spi.StoreProvider with chkv.store.heap.HeapStoreProvider;
}
