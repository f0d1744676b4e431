package chkv.store.heap;

import chkv.api.spi.Store;

/** The entry view and edit recorder a {@link Store.Mutation} sees; one per segment, reused under its write lock. */
final class Access implements Store.Entry, Store.Edit {
    static final int NONE = 0;
    static final int PUT = 1;
    static final int EXPIRE = 2;
    static final int DELETE = 3;

    private byte[] entry;
    private long expireAt;
    int op;
    byte[] newValue;
    long newExpireAt;

    void open(byte[] current, long currentExpireAt) {
        entry = current;
        expireAt = currentExpireAt;
        op = NONE;
        newValue = null;
    }

    void close() {
        entry = null;
    }

    @Override
    public byte[] value() {
        return Entries.value(entry);
    }

    @Override
    public int valueLength() {
        return Entries.valueLength(entry);
    }

    @Override
    public long expireAt() {
        return expireAt;
    }

    @Override
    public void put(byte[] value, long at) {
        op = PUT;
        newValue = value;
        newExpireAt = at;
    }

    @Override
    public void expireAt(long at) {
        op = EXPIRE;
        newExpireAt = at;
    }

    @Override
    public void delete() {
        op = DELETE;
    }
}
