package chkv.store.offheap;

import chkv.api.spi.Store;
import java.lang.foreign.MemorySegment;

/** The entry a {@link Store.Reader} sees: one per read, since readers of a segment run at once; closed when the read returns. */
final class View implements Store.Entry {
    private final MemorySegment chunk;
    private final long at;
    private boolean open = true;

    View(MemorySegment chunk, long at) {
        this.chunk = chunk;
        this.at = at;
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
        return Layout.value(chunk, at);
    }

    @Override
    public byte[] value(int from, int to) {
        check();
        return Layout.value(chunk, at, from, to);
    }

    @Override
    public int valueLength() {
        check();
        return Layout.valueLength(chunk, at);
    }

    @Override
    public long expireAt() {
        check();
        return Layout.expireAt(chunk, at);
    }
}
