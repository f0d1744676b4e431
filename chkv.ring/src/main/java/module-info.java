/**
 * The consistent-hash ring: virtual nodes with weights, immutable epoch-tagged snapshots with
 * lock-free lookups, preference lists, owned ranges and ring diffs. Provides the built-in hash
 * functions.
 *
 * @provides chkv.api.spi.HashFunctionProvider murmur3 and xxhash64
 */
module chkv.ring {
    requires transitive chkv.api;

    exports chkv.ring;

    provides chkv.api.spi.HashFunctionProvider with
            chkv.ring.hash.Murmur3Provider,
            chkv.ring.hash.XxHash64Provider;
}
