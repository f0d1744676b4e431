package chkv.api.spi;

/** Supplies a named {@link Store}; found with {@link java.util.ServiceLoader}. */
public interface StoreProvider {

    /** @return the name configuration selects this store by, e.g. {@code heap} or {@code offheap} */
    String name();

    /**
     * @param config clock, memory limit and eviction policy
     * @return a new, empty store; the caller closes it
     */
    Store create(StoreConfig config);
}
