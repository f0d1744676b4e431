/**
 * The off-heap {@link chkv.api.spi.Store} on {@code java.lang.foreign}, selected by the name
 * {@code offheap}: its own index and allocator in native memory, no Java object per entry.
 *
 * @provides chkv.api.spi.StoreProvider offheap
 */
module chkv.store.offheap {
    requires chkv.api;
    requires chkv.store.support;

    provides chkv.api.spi.StoreProvider with chkv.store.offheap.OffHeapStoreProvider;
}
