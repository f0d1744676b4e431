package chkv.store.heap;

import chkv.store.support.MutationAccess;

/** The entry and edit a mutation sees, reading the entry's on-heap array; one per segment. */
final class Access extends MutationAccess {
    private byte[] entry;
    private long expireAt;

    void open(byte[] current, long currentExpireAt) {
        entry = current;
        expireAt = currentExpireAt;
        begin(current != null);
    }

    @Override
    public byte[] value() {
        checkEntry();
        return Entries.value(entry);
    }

    @Override
    public byte[] value(int from, int to) {
        checkEntry();
        return Entries.value(entry, from, to);
    }

    @Override
    public int valueLength() {
        checkEntry();
        return Entries.valueLength(entry);
    }

    @Override
    public long expireAt() {
        checkEntry();
        return expireAt;
    }
}
