/**
 * What the store implementations share and nothing else needs: a store written once over its
 * lock-striped segments (everything but {@code get}), the recorder of a mutation's edit, the hash
 * their tables place keys by, Redis's per-key usage word for LRU and LFU, sampled eviction under
 * {@code maxmemory}, active expiry, SCAN across segments, and locking several segments at once.
 * Exported to the store modules only: it is not part of the SPI, and the node never sees it.
 */
module chkv.store.support {
    requires chkv.api;

    exports chkv.store.support to chkv.store.heap, chkv.store.offheap;
}
