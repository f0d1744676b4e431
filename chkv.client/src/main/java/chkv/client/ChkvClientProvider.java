package chkv.client;

import chkv.api.ChkvException;
import chkv.api.ConfigException;
import chkv.api.KvClient;
import chkv.api.spi.HashFunction;
import chkv.api.spi.HashFunctionProvider;
import chkv.api.spi.KvClientProvider;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.api.spi.TransportProvider;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Opens clients for {@code chkv://host[:port][?option=value&...]}, where {@code host:port} is
 * the NameNode's control address (port 7370 by default). Options: {@code secret} or
 * {@code secret-file} (the cluster secret, or a file holding it; a trailing line break is
 * ignored), {@code password} (the DataNodes' {@code requirepass}), {@code transport} (provider
 * name, default {@code netty}), {@code io-threads} (0 for the transport's default),
 * {@code timeout-ms} (per command, default 10000), {@code connect-timeout-ms} (for the first
 * topology, default 10000), {@code connections} (pipelined connections per DataNode, default 1)
 * and {@code role} ({@code client}, or {@code proxy} for a proxy). Opening waits for the first
 * topology and, when it has members, for the nodes' command table. Given a transport, the client
 * leaves it open when it closes, ignores {@code transport} and {@code io-threads}, and sends a
 * command issued on one of the transport's I/O threads on a connection of that thread.
 */
public final class ChkvClientProvider implements KvClientProvider {

    /** Creates the provider; {@link ServiceLoader} calls this. */
    public ChkvClientProvider() {}

    @Override
    public String scheme() {
        return "chkv";
    }

    @Override
    public KvClient create(URI uri) {
        ClientSettings settings = ClientSettings.parse(uri);
        TransportProvider transportProvider = byName("transport", TransportProvider.class,
                TransportProvider::name).apply(settings.transport());
        Function<String, HashFunction> hashes = hashes();
        Transport transport = transportProvider.create(TransportConfig.defaults().withIo(settings.ioThreads(), Map.of())
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
        return open(transport, true, settings, hashes);
    }

    @Override
    public KvClient create(URI uri, Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return open(transport, false, ClientSettings.parse(uri), hashes());
    }

    private static Function<String, HashFunction> hashes() {
        Map<String, HashFunctionProvider> hashProviders = providers(HashFunctionProvider.class, HashFunctionProvider::name);
        return name -> {
            HashFunctionProvider p = hashProviders.get(name);
            if (p == null) {
                throw new ConfigException("hash: " + name + " (expected one of: "
                        + String.join(", ", hashProviders.keySet()) + ")");
            }
            return p.create();
        };
    }

    /** Wires a client that owns its transport, as {@link #open(Transport, boolean, ClientSettings, Function)}. */
    static ClusterClient open(Transport transport, ClientSettings settings, Function<String, HashFunction> hashes) {
        return open(transport, true, settings, hashes);
    }

    /**
     * Wires a client and waits for the first topology and, when the cluster has members, the
     * command table; on failure everything is closed, the transport too when the client owns it.
     */
    static ClusterClient open(Transport transport, boolean ownsTransport, ClientSettings settings,
            Function<String, HashFunction> hashes) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("chkv-client-timer").factory());
        Connections connections = new Connections(transport, new Deadlines(settings.timeoutMillis(), timer),
                settings.connectionsPerNode(), settings.password());
        ClusterClient[] client = new ClusterClient[1];
        TopologyWatcher watcher = new TopologyWatcher(transport, settings.nameNode(), settings.role(),
                new ClusterAuth(settings.secret()), hashes, timer, p -> client[0].topologyChanged(p));
        client[0] = new ClusterClient(ownsTransport ? transport : null, timer, watcher, connections,
                settings.timeoutMillis());
        try {
            if (!watcher.start().get(settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                // without members yet, the table is learnt when the first DataNode joins
                client[0].loadSpecs().toCompletableFuture().get(settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
            }
            return client[0];
        } catch (TimeoutException e) {
            client[0].close();
            throw new ChkvException("NameNode " + settings.nameNode() + ": no topology and command table within "
                    + settings.connectTimeoutMillis() + " ms (last failure: " + watcher.lastFailure() + ")");
        } catch (ExecutionException e) {
            client[0].close();
            throw new ChkvException("cluster at " + settings.nameNode() + ": " + Connections.rootMessage(e), e.getCause());
        } catch (InterruptedException e) {
            client[0].close();
            Thread.currentThread().interrupt();
            throw new ChkvException("cluster at " + settings.nameNode() + ": interrupted while connecting", e);
        } catch (RuntimeException | Error e) {
            client[0].close();
            throw e;
        }
    }

    private static <P> Function<String, P> byName(String kind, Class<P> type, Function<P, String> nameOf) {
        Map<String, P> providers = providers(type, nameOf);
        return name -> {
            P p = providers.get(name);
            if (p == null) {
                throw new ConfigException(kind + ": " + name + " (expected one of: "
                        + String.join(", ", providers.keySet()) + ")");
            }
            return p;
        };
    }

    private static <P> Map<String, P> providers(Class<P> type, Function<P, String> nameOf) {
        Map<String, P> byName = new TreeMap<>();
        ServiceLoader.load(type).forEach(p -> byName.putIfAbsent(nameOf.apply(p), p));
        return byName;
    }
}
