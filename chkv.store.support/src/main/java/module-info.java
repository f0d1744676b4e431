/**
 * What stores share. Package {@code chkv.store.support.plugin}, exported to everyone, is what a
 * new store builds on: {@link chkv.store.support.plugin.StorageStore} turns the few primitives of
 * a {@link chkv.api.spi.Storage} into a whole {@link chkv.api.spi.Store}, with Redis's lazy and
 * active expiry, the string commands, SCAN and KEYS, RANDOMKEY, multi-key atomicity and sampled
 * eviction under {@code maxmemory}. Package {@code chkv.store.support}, exported to the in-tree
 * stores only, is how those do the same faster over lock-striped segments: a store written once
 * over its segments (everything but {@code get}), the recorder of a mutation's edit, the hash
 * their tables place keys by, Redis's per-key usage word for LRU and LFU, sampled eviction, active
 * expiry, SCAN across segments, and locking several segments at once.
 *
 * <p>Design: the split is by who writes the code. A stranger's store is one short file of
 * primitives, and every Redis rule it obeys is the project's, checked once by the shared contract
 * suite; the in-tree stores implement {@code Store} directly where they know a faster way (a
 * lock-free {@code get}, {@code APPEND} in place, eviction sampling slots under one lock).
 */
module chkv.store.support {
    requires chkv.api;

    exports chkv.store.support.plugin;
    exports chkv.store.support to chkv.store.heap, chkv.store.offheap;
}
