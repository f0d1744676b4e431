package chkv.store.offheap;

import chkv.store.support.MutationAccess;

/** The entry and edit a mutation sees, reading the entry's block in native memory; one per segment. */
final class Access extends MutationAccess {
    private Slab slab;
    private long handle;

    void open(Slab entrySlab, long entryHandle) {
        slab = entrySlab;
        handle = entryHandle;
        begin(entryHandle != 0);
    }

    @Override
    public byte[] value() {
        checkEntry();
        return Layout.value(slab.chunk(handle), Slab.offset(handle));
    }

    @Override
    public byte[] value(int from, int to) {
        checkEntry();
        return Layout.value(slab.chunk(handle), Slab.offset(handle), from, to);
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
}
