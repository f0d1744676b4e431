package chkv.example.skiplist;

import chkv.api.spi.Storage;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;
import chkv.store.support.plugin.StorageStore;
import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Storage on a {@link ConcurrentSkipListMap} ordered by a hash of the key, so that a scan cursor
 * is a hash position: a key present for a whole scan lies at or after the cursor until it is
 * passed, whatever is added or removed. Entries are immutable, so reads need no lock; writers
 * of one key meet on one of 64 monitors.
 */
public final class SkipListStorage implements Storage {
    /** What a key holds: never changed in place, so a lock-free reader sees one whole state. */
    private record Held(byte[] value, long expireAt, int usage) {}

    /** A key ordered by its position (1 to 2^63 - 1), then by its bytes. */
    private record Key(long position, byte[] bytes) implements Comparable<Key> {
        static Key of(byte[] key) {
            long h = 0xcbf29ce484222325L; // FNV-1a, then a 64-bit finalizer to spread it
            for (byte b : key) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
            return new Key((h ^ (h >>> 33)) >>> 1 | 1, key);
        }

        @Override
        public int compareTo(Key o) {
            int c = Long.compare(position, o.position);
            return c != 0 ? c : Arrays.compareUnsigned(bytes, o.bytes);
        }
    }

    private static final long ENTRY_OVERHEAD = 96; // the node, the key and the record, about
    private final ConcurrentSkipListMap<Key, Held> map = new ConcurrentSkipListMap<>();
    private final Object[] stripes = new Object[64];
    private final AtomicLong size = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Creates an empty storage. */
    public SkipListStorage() {
        Arrays.setAll(stripes, i -> new Object());
    }

    @Override
    public <R> R update(byte[] key, Store.Mutation<R> mutation) {
        Key k = Key.of(key.clone());
        synchronized (stripes[(int) (k.position() & 63)]) {
            Held held = map.get(k);
            Access a = new Access(held);
            R result = mutation.apply(held == null ? null : a, a);
            Held next = switch (a.op) {
                case PUT -> new Held(a.value, a.expireAt, held == null ? 0 : held.usage());
                case EXPIRE -> new Held(held.value(), a.expireAt, held.usage());
                case DELETE -> null;
                case NONE -> held;
            };
            if (next != null && a.usage != null) {
                next = new Held(next.value(), next.expireAt(), a.usage);
            }
            if (next == null) {
                if (held != null) {
                    map.remove(k);
                    size.decrementAndGet();
                    bytes.addAndGet(-(ENTRY_OVERHEAD + key.length + held.value().length));
                }
            } else if (next != held) {
                map.put(k, next);
                size.addAndGet(held == null ? 1 : 0);
                bytes.addAndGet((held == null ? ENTRY_OVERHEAD + key.length : -held.value().length) + next.value().length);
            }
            return result;
        }
    }

    @Override
    public <R> R read(byte[] key, Store.Reader<R> reader) {
        Held held = map.get(Key.of(key));
        return reader.apply(held == null ? null : new Access(held));
    }

    @Override
    public long scan(long cursor, int count, Store.KeySink sink) {
        int passed = 0;
        long last = 0;
        for (Key k : map.tailMap(new Key(cursor & Long.MAX_VALUE, new byte[0])).keySet()) {
            if (passed >= count && k.position() != last) {
                return k.position(); // never mid-position: keys sharing one are passed together
            }
            sink.accept(k.bytes().clone());
            passed++;
            last = k.position();
        }
        return 0;
    }

    @Override
    public long size() {
        return size.get();
    }

    @Override
    public long memoryUsed() {
        return bytes.get();
    }

    @Override
    public void clear() {
        map.clear();
        size.set(0);
        bytes.set(0);
    }

    @Override
    public void close() {
        clear();
    }

    private enum Op { NONE, PUT, EXPIRE, DELETE }

    /** The entry a mutation reads and the edit it writes; the last call of put, expireAt and delete wins. */
    private static final class Access implements Store.Entry, Store.Edit {
        private final Held held;
        Op op = Op.NONE;
        byte[] value;
        long expireAt;
        Integer usage;

        Access(Held held) {
            this.held = held;
        }

        @Override public byte[] value() { return held.value().clone(); }
        @Override public int valueLength() { return held.value().length; }
        @Override public long expireAt() { return held.expireAt(); }
        @Override public int usage() { return held.usage(); }

        @Override
        public void put(byte[] newValue, long at) {
            op = Op.PUT;
            value = newValue.clone();
            expireAt = at;
        }

        @Override
        public void expireAt(long at) {
            if (op == Op.PUT || held != null && op != Op.DELETE) { // of a key that exists only
                op = op == Op.PUT ? Op.PUT : Op.EXPIRE;
                expireAt = at;
            }
        }

        @Override
        public void delete() {
            op = Op.DELETE;
        }

        @Override
        public void usage(int word) {
            usage = word;
        }
    }

    /** Supplies this storage as the store named {@code skiplist}; {@link java.util.ServiceLoader} finds it. */
    public static final class Provider implements StoreProvider {
        /** Creates the provider. */
        public Provider() {}

        @Override
        public String name() {
            return "skiplist";
        }

        @Override
        public Store create(StoreConfig config) {
            return new StorageStore(new SkipListStorage(), config);
        }
    }
}
