/**
 * An example store plug-in named {@code skiplist}: the storage primitives on a
 * {@link java.util.concurrent.ConcurrentSkipListMap}, and every Redis semantic from
 * {@link chkv.store.support.plugin.StorageStore}. Load it with
 * {@code ./chkv --plugins DIR datanode --store skiplist}, DIR holding its jar.
 *
 * @provides chkv.api.spi.StoreProvider skiplist
 */
module chkv.example.skiplist {
    requires chkv.api;
    requires chkv.store.support;

    provides chkv.api.spi.StoreProvider with chkv.example.skiplist.SkipListStorage.Provider;
}
