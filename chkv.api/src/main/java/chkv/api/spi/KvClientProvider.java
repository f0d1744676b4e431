package chkv.api.spi;

import chkv.api.KvClient;
import java.net.URI;

/**
 * Supplies {@link KvClient}s for one URI scheme; {@link KvClient#connect(String)} finds it with
 * {@link java.util.ServiceLoader} by the scheme of the URI it is given.
 */
public interface KvClientProvider {

    /** @return the URI scheme this provider serves, e.g. {@code chkv} */
    String scheme();

    /**
     * @param uri a URI of this provider's scheme, with the options the provider documents
     * @return a connected client; the caller closes it
     * @throws chkv.api.ConfigException when the URI or an option is invalid
     * @throws chkv.api.ChkvException when the cluster cannot be reached
     */
    KvClient create(URI uri);
}
