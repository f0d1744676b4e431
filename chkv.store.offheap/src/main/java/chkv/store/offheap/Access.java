package chkv.store.offheap;

import chkv.api.spi.Store;

/** The entry view and edit recorder a {@link Store.Mutation} sees; one per segment, reused under its write lock, and refusing use after the mutation returns. */
final class Access implements Store.Entry, Store.Edit {
    static final int NONE = 0;
    static final int PUT = 1;
    static final int EXPIRE = 2;
    static final int DELETE = 3;

    private Slab slab;
    private long handle;
    private boolean open;
    int op;
    byte[] newValue;
    long newExpireAt;

    void open(Slab entrySlab, long entryHandle) {
        slab = entrySlab;
        handle = entryHandle;
        open = true;
        op = NONE;
        newValue = null;
    }

    void close() {
        open = false;
    }

    private void checkEntry() {
        checkOpen();
        if (handle == 0) {
            throw new IllegalStateException("entry: absent (expected: a live key)");
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("entry: used after its mutation returned (expected: only during it)");
        }
    }

    @Override
    public byte[] value() {
        checkEntry();
        return Layout.value(slab.chunk(handle), Slab.offset(handle));
    }

    @Override
    public int valueLength() {
        checkEntry();
        return Layout.valueLength(slab.chunk(handle), Slab.offset(handle));
    }

    @Override
    public long expireAt() {
        checkEntry();
        return Layout.expireAt(slab.chunk(handle), Slab.offset(handle));
    }

    @Override
    public void put(byte[] value, long at) {
        checkOpen();
        op = PUT;
        newValue = java.util.Objects.requireNonNull(value, "value");
        newExpireAt = at;
    }

    @Override
    public void expireAt(long at) {
        checkOpen();
        op = EXPIRE;
        newExpireAt = at;
    }

    @Override
    public void delete() {
        checkOpen();
        op = DELETE;
    }
}
