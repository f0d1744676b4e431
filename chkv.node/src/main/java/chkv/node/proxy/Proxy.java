package chkv.node.proxy;

import chkv.api.KvClient;
import chkv.api.spi.ClientLimits;
import chkv.api.spi.Transport;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The proxy: one RESP endpoint in front of a whole cluster, twemproxy-style, for any Redis
 * client. Commands run through a {@link KvClient}, which routes them to the owning DataNodes
 * and merges what spans nodes; replies keep pipeline order, and a client that does not take its
 * replies is slowed by the transport's backpressure as on a DataNode.
 */
public final class Proxy implements AutoCloseable {

    private final Transport transport;
    private final KvClient cluster;
    private final Transport.RespEndpoint endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Proxy(Transport transport, KvClient cluster, Transport.RespEndpoint endpoint) {
        this.transport = transport;
        this.cluster = cluster;
        this.endpoint = endpoint;
    }

    /**
     * Starts serving on {@code settings.bind()}; the proxy owns the transport and the client and
     * closes both, also when starting fails.
     *
     * @param transport serves the client connections; the cluster client may use it too (see
     *     {@link chkv.api.spi.KvClientProvider#create(java.net.URI, Transport)})
     * @param cluster the cluster's client
     * @param settings address, password and client limits
     * @return the running proxy
     */
    public static Proxy start(Transport transport, KvClient cluster, Settings settings) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(settings, "settings");
        try {
            Transport.RespEndpoint endpoint = transport.serveResp(settings.bind(),
                    new ProxyHandler(cluster, settings.requirePass(), Clock.systemUTC()));
            endpoint.clientLimits(settings.clientLimits());
            return new Proxy(transport, cluster, endpoint);
        } catch (RuntimeException | Error e) {
            try {
                cluster.close();
            } catch (RuntimeException f) {
                e.addSuppressed(f);
            }
            try {
                transport.close();
            } catch (RuntimeException f) {
                e.addSuppressed(f);
            }
            throw e;
        }
    }

    /** @return the address RESP is served on, with the real port */
    public InetSocketAddress respAddress() {
        return endpoint.address();
    }

    /** Stops serving, then closes the cluster client and the transport it may use; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (AutoCloseable resource : new AutoCloseable[] {endpoint, cluster, transport}) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing the proxy", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * How a proxy is started.
     *
     * @param bind the RESP address; port 0 picks a free one
     * @param requirePass the password clients must AUTH with, or {@code null} for none
     * @param clientLimits {@code maxclients} and {@code timeout}
     */
    public record Settings(InetSocketAddress bind, String requirePass, ClientLimits clientLimits) {

        /** Validates. */
        public Settings {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(clientLimits, "clientLimits");
        }

        /** @return settings for {@code bind} without a password and with Redis's client limits */
        public static Settings of(InetSocketAddress bind) {
            return new Settings(bind, null, ClientLimits.DEFAULTS);
        }

        /** @return a copy requiring {@code password}, or none when {@code null} */
        public Settings withRequirePass(String password) {
            return new Settings(bind, password, clientLimits);
        }

        /** @return a copy with these limits on client connections */
        public Settings withClientLimits(ClientLimits limits) {
            return new Settings(bind, requirePass, limits);
        }
    }
}
