package chkv.testing;

import chkv.api.spi.HashFunction;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the {@link StoreContract} chain: the store under test on a {@link FakeClock}, and
 * small helpers. A subclass supplies {@link #create(StoreConfig)}.
 */
public abstract class StoreFixture {

    /** The clock every store of a test runs on; it moves only when a test advances it. */
    protected final FakeClock clock = new FakeClock();

    /** The store under test, created fresh for every test on {@link #clock}. */
    protected Store store;

    private final List<Store> opened = new ArrayList<>();

    /**
     * @param config the configuration to build the store with
     * @return a new, empty store of the implementation under test
     */
    protected abstract Store create(StoreConfig config);

    /** Creates {@link #store}. */
    @BeforeEach
    public void openStore() {
        store = open(StoreConfig.of(clock));
    }

    /** Closes every store the test opened. */
    @AfterEach
    public void closeStores() {
        for (Store s : opened) {
            s.close();
        }
        opened.clear();
    }

    /**
     * @param config the configuration
     * @return a further store that is closed after the test
     */
    protected Store open(StoreConfig config) {
        Store s = create(config);
        opened.add(s);
        return s;
    }

    /** @return the Latin-1 bytes of {@code s}, so every byte value 0-255 is writable */
    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** @return the Latin-1 text of {@code bytes}, or {@code null} */
    protected static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** @return {@code SET key value} */
    protected static boolean set(Store store, String key, String value) {
        return store.set(b(key), b(value), SetOptions.PLAIN).written();
    }

    /** @return {@code SET key value PXAT expireAt} */
    protected static boolean setExpiring(Store store, String key, String value, long expireAt) {
        SetOptions options = new SetOptions(SetOptions.Condition.NONE, false, expireAt, false);
        return store.set(b(key), b(value), options).written();
    }

    /** @return the value as text, or {@code null} */
    protected static String get(Store store, String key) {
        return s(store.get(b(key)));
    }

    /** @return the current time of {@link #clock} */
    protected long now() {
        return clock.millis();
    }

    /**
     * Runs a whole cursor scan, calling {@code between} after every step.
     *
     * @return every key seen (as text), each once
     */
    protected static Set<String> scanAll(Store store, int count, Runnable between) {
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            cursor = store.scan(cursor, count, key -> seen.add(s(key)));
            between.run();
            if (++steps > 10_000_000) {
                throw new AssertionError("scan: did not finish after " + steps + " steps");
            }
        } while (cursor != 0);
        return seen;
    }

    /**
     * A ring hash that reads a key's first 8 bytes big-endian (0 for shorter keys) and ignores
     * hash tags, so a test knows every key's position.
     */
    protected static final HashFunction FIRST_8_BYTES = new HashFunction() {
        @Override
        public long hash(byte[] data, int offset, int length) {
            return length < 8 ? 0 : ByteBuffer.wrap(data, offset, 8).getLong();
        }

        @Override
        public long position(byte[] key) {
            return hash(key, 0, key.length);
        }
    };

    /** @return an 8-byte big-endian prefix {@code position} followed by {@code suffix} */
    protected static byte[] positioned(long position, String suffix) {
        byte[] tail = b(suffix);
        return ByteBuffer.allocate(8 + tail.length).putLong(position).put(tail).array();
    }
}
