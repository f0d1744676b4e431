package chkv.store.heap;

import chkv.api.spi.Store;

/** The entry a {@link Store.Reader} sees: one per read, since readers of a segment run at once; closed when the read returns. */
final class View implements Store.Entry {
    private final byte[] entry;
    private final long expireAt;
    private boolean open = true;

    View(byte[] entry, long expireAt) {
        this.entry = entry;
        this.expireAt = expireAt;
    }

    void close() {
        open = false;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("entry: used after its read returned (expected: only during it)");
        }
    }

    @Override
    public byte[] value() {
        check();
        return Entries.value(entry);
    }

    @Override
    public byte[] value(int from, int to) {
        check();
        return Entries.value(entry, from, to);
    }

    @Override
    public int valueLength() {
        check();
        return Entries.valueLength(entry);
    }

    @Override
    public long expireAt() {
        check();
        return expireAt;
    }
}
