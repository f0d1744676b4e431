package chkv.store.support.plugin;

import chkv.api.spi.Store;

/**
 * What a mutation of a {@link StorageStore} sees: the storage's entry and edit, usable only until
 * the mutation returns, recording the edit's last call so the store can keep its counts.
 */
final class Guard implements Store.Entry, Store.Edit {
    static final int NONE = 0;
    static final int PUT = 1;
    static final int EXPIRE = 2;
    static final int DELETE = 3;

    private final Store.Entry entry;
    private final Store.Edit edit;
    private boolean open = true;
    int op = NONE;
    long expireAt;

    /**
     * @param entry the live entry, or {@code null}
     * @param edit the storage's edit, or {@code null} for a reader
     */
    Guard(Store.Entry entry, Store.Edit edit) {
        this.entry = entry;
        this.edit = edit;
    }

    void close() {
        open = false;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("entry: used after its mutation returned (expected: within it)");
        }
    }

    @Override
    public byte[] value() {
        check();
        return entry.value();
    }

    @Override
    public int valueLength() {
        check();
        return entry.valueLength();
    }

    @Override
    public byte[] value(int from, int to) {
        check();
        return entry.value(from, to);
    }

    @Override
    public long expireAt() {
        check();
        return entry.expireAt();
    }

    @Override
    public int usage() {
        check();
        return entry.usage();
    }

    @Override
    public void put(byte[] value, long at) {
        check();
        edit.put(value, at);
        op = PUT;
        expireAt = at;
    }

    @Override
    public void expireAt(long at) {
        check();
        edit.expireAt(at);
        op = EXPIRE;
        expireAt = at;
    }

    @Override
    public void delete() {
        check();
        edit.delete();
        op = DELETE;
    }

    @Override
    public void usage(int word) {
        check();
        edit.usage(word);
    }
}
