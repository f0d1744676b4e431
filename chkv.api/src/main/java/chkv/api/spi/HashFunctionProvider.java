package chkv.api.spi;

/** Supplies a named {@link HashFunction}; found with {@link java.util.ServiceLoader}. */
public interface HashFunctionProvider {

    /** @return the name configuration selects this function by, e.g. {@code murmur3} */
    String name();

    /** @return the hash function (stateless, so it may be shared) */
    HashFunction create();
}
