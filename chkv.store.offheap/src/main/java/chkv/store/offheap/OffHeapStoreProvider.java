package chkv.store.offheap;

import chkv.api.ConfigException;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;

/**
 * Supplies the off-heap store, named {@code offheap}: keys, values and their index live in
 * native memory ({@code java.lang.foreign}) with no Java object per entry, under Redis's lazy
 * and active expiry and sampled eviction. Option {@value #INITIAL_CAPACITY} presizes it for that many keys.
 */
public final class OffHeapStoreProvider implements StoreProvider {
    /** The option that presizes the store, in keys. */
    public static final String INITIAL_CAPACITY = "initial-capacity";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public OffHeapStoreProvider() {}

    @Override
    public String name() {
        return "offheap";
    }

    @Override
    public Store create(StoreConfig config) {
        String capacity = config.options().getOrDefault(INITIAL_CAPACITY, "0");
        int keys;
        try {
            keys = Integer.parseInt(capacity);
        } catch (NumberFormatException e) {
            keys = -1;
        }
        if (keys < 0) {
            throw new ConfigException(INITIAL_CAPACITY + ": " + capacity + " (expected: a number of keys >= 0)");
        }
        return new OffHeapStore(config, keys);
    }
}
