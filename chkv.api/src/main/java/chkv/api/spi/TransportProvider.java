package chkv.api.spi;

/** Supplies a named {@link Transport}; found with {@link java.util.ServiceLoader}. */
public interface TransportProvider {

    /** @return the name configuration selects this transport by, e.g. {@code netty} */
    String name();

    /**
     * @param config limits, threads and the registered message types
     * @return a new transport; the caller closes it
     */
    Transport create(TransportConfig config);
}
