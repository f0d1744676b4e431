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
     * Opens a client that creates its own {@link Transport} and closes it when it is closed.
     *
     * @param uri a URI of this provider's scheme, with the options the provider documents
     * @return a connected client; the caller closes it
     * @throws chkv.api.ConfigException when the URI or an option is invalid
     * @throws chkv.api.ChkvException when the cluster cannot be reached
     */
    KvClient create(URI uri);

    /**
     * Opens a client that uses {@code transport} (whose message types must include the ones the
     * provider's cluster protocol needs) and does not close it: closing the client leaves the
     * transport to its owner. A proxy passes the transport it serves RESP with, so a command
     * forwarded from one of its I/O threads can be sent and answered on that same thread.
     *
     * @param uri a URI of this provider's scheme, with the options the provider documents
     *     (options for creating a transport are ignored)
     * @param transport the transport to open connections with; the caller keeps owning it
     * @return a connected client; the caller closes it, and then the transport
     * @throws chkv.api.ConfigException when the URI or an option is invalid
     * @throws chkv.api.ChkvException when the cluster cannot be reached
     */
    KvClient create(URI uri, Transport transport);
}
