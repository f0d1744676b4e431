package chkv.api.spi;

/**
 * Where a store's entries live: the few primitives a new store implements. Everything Redis
 * adds on top (lazy and active expiry, the {@code SET} options, the {@code INCR} family,
 * {@code APPEND}, {@code SETRANGE}, {@code GETRANGE}, {@code SCAN}'s filtering, {@code KEYS},
 * {@code RANDOMKEY}, multi-key atomicity and sampled eviction under {@code maxmemory}) is the
 * project's shared code, which turns a storage into a {@link Store}
 * ({@code chkv.store.support.plugin.StorageStore}); a {@link StoreProvider} returns that.
 *
 * <p>An entry is a value, an expiry time and a usage word. The storage keeps them and never
 * judges them: an expired entry stays, and is passed to mutations and scans, until the shared
 * code deletes it.
 *
 * <p>Thread-safety: every method may be called from many threads at once; a mutation of one key
 * is atomic. The shared code never calls back into the storage from a mutation or a reader.
 *
 * <p>A later range cursor for moving keys between nodes (keys by hash range, in bounded batches,
 * no lock held between them) belongs here, beside {@link #scan}.
 */
public interface Storage extends AutoCloseable {

    /**
     * Atomically reads the entry of {@code key} and applies {@code mutation} to it, holding the
     * key against every other reader and writer. The entry and the edit are valid only during the
     * call. {@link Store.Edit#put} keeps the usage word of an existing entry; the
     * {@linkplain Store.Edit#usage(int) usage} of a new one is 0 unless set.
     *
     * @param key the key
     * @param mutation decides the new state through its {@link Store.Edit}
     * @param <R> the result type
     * @return what the mutation returned
     */
    <R> R update(byte[] key, Store.Mutation<R> mutation);

    /**
     * Reads the entry of {@code key} without changing it. The default runs an {@link #update}
     * that edits nothing; a storage overrides it to let readers of one key run at once.
     *
     * @param key the key
     * @param reader computes the result from the entry, or from {@code null} when there is none
     * @param <R> the result type
     * @return what the reader returned
     */
    default <R> R read(byte[] key, Store.Reader<R> reader) {
        return update(key, (current, edit) -> reader.apply(current));
    }

    /**
     * One step of a cursor scan with Redis's guarantee: a key present for the whole scan is
     * passed at least once, whatever the storage does meanwhile; a key may be passed twice.
     * Any long is accepted as a cursor: one this method did not return starts the scan at some
     * position. The shared code picks keys at random that way ({@code RANDOMKEY}, eviction),
     * so a storage whose cursors spread its keys evenly over the longs samples fairly.
     *
     * @param cursor 0 to start, otherwise where to go on
     * @param count about how many keys to pass
     * @param sink receives keys, expired ones included
     * @return the cursor to continue with; 0 when the scan is complete
     */
    long scan(long cursor, int count, Store.KeySink sink);

    /** @return the number of entries, expired ones included */
    long size();

    /** @return the bytes the entries and their index take, as the storage accounts them ({@code maxmemory} compares this) */
    long memoryUsed();

    /** Removes every entry. */
    void clear();

    /** Frees everything; the shared code calls no other method afterwards. */
    @Override
    void close();
}
