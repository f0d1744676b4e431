package chkv.store.support;

import chkv.api.spi.Store;
import java.util.Objects;

/**
 * What a {@link Store.Mutation} sees: the current entry, read through the store's own subclass,
 * and the edit it asks for, recorded here for the segment to apply once the mutation returns. A
 * segment reuses one under its write lock. Used after its mutation returned, it throws
 * {@link IllegalStateException}: a leaked edit must not change the next mutation's outcome.
 */
public abstract class MutationAccess implements Store.Entry, Store.Edit {
    /** {@link #op()}: no edit; the mutation only read. */
    public static final int NONE = 0;
    /** {@link #op()}: write {@link #newValue()} with {@link #newExpireAt()}. */
    public static final int PUT = 1;
    /** {@link #op()}: set the expiry to {@link #newExpireAt()}. */
    public static final int EXPIRE = 2;
    /** {@link #op()}: delete the key. */
    public static final int DELETE = 3;

    private boolean open;
    private boolean present;
    private int op;
    private byte[] newValue;
    private long newExpireAt;

    /**
     * Starts a mutation.
     *
     * @param entryPresent whether the key is live, so that the entry may be read
     */
    protected final void begin(boolean entryPresent) {
        open = true;
        present = entryPresent;
        op = NONE;
        newValue = null;
    }

    /** Ends the mutation: from now on every method a mutation may call throws. */
    public final void end() {
        open = false;
    }

    /** Drops the recorded value, once applied, so the segment does not keep it alive. */
    public final void applied() {
        newValue = null;
    }

    /** @throws IllegalStateException unless a mutation runs and its key is live */
    protected final void checkEntry() {
        checkOpen();
        if (!present) {
            throw new IllegalStateException("entry: absent (expected: a live key)");
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("entry: used after its mutation returned (expected: only during it)");
        }
    }

    /** @return {@link #NONE}, {@link #PUT}, {@link #EXPIRE} or {@link #DELETE} */
    public final int op() {
        return op;
    }

    /** @return the value of a {@link #PUT} */
    public final byte[] newValue() {
        return newValue;
    }

    /** @return the expiry of a {@link #PUT} or {@link #EXPIRE}, in epoch milliseconds, 0 for none */
    public final long newExpireAt() {
        return newExpireAt;
    }

    @Override
    public final void put(byte[] value, long at) {
        checkOpen();
        op = PUT;
        newValue = Objects.requireNonNull(value, "value");
        newExpireAt = at;
    }

    @Override
    public final void expireAt(long at) {
        checkOpen();
        op = EXPIRE;
        newExpireAt = at;
    }

    @Override
    public final void delete() {
        checkOpen();
        op = DELETE;
    }
}
