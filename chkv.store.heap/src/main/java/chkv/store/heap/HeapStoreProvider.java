package chkv.store.heap;

import chkv.api.ConfigException;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;

/**
 * Supplies the on-heap store, named {@code heap}: compact open-addressing tables with one
 * {@code byte[]} per entry, Redis's lazy and active expiry, and sampled eviction. Option
 * {@value #INITIAL_CAPACITY} presizes it for that many keys.
 */
public final class HeapStoreProvider implements StoreProvider {
    /** The option that presizes the store, in keys. */
    public static final String INITIAL_CAPACITY = "initial-capacity";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public HeapStoreProvider() {}

    @Override
    public String name() {
        return "heap";
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
        return new HeapStore(config, keys);
    }
}
