package chkv.node.boot;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetectorProvider;
import chkv.api.spi.HashFunctionProvider;
import chkv.api.spi.StoreProvider;
import chkv.api.spi.TransportProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one place {@link ServiceLoader} is called: loads every provider of each SPI and picks
 * one by name. Everything else receives its collaborators through constructors.
 *
 * @param <P> the provider type
 */
public final class Providers<P> {
    private final String kind;
    private final Map<String, P> byName;

    Providers(String kind, List<P> providers, Function<P, String> nameOf) {
        this.kind = kind;
        Map<String, P> map = new TreeMap<>();
        for (P p : providers) {
            String name = nameOf.apply(p);
            P clash = map.putIfAbsent(name, p);
            if (clash != null) {
                throw new ConfigException(kind + " provider name: " + name + " is provided twice, by "
                        + clash.getClass().getName() + " and " + p.getClass().getName()
                        + " (expected: unique names)");
            }
        }
        this.byName = map;
    }

    /** @return the store providers on the module path */
    public static Providers<StoreProvider> stores() {
        return new Providers<>("store", load(StoreProvider.class), StoreProvider::name);
    }

    /** @return the transport providers on the module path */
    public static Providers<TransportProvider> transports() {
        return new Providers<>("transport", load(TransportProvider.class), TransportProvider::name);
    }

    /** @return the hash function providers on the module path */
    public static Providers<HashFunctionProvider> hashFunctions() {
        return new Providers<>("hash", load(HashFunctionProvider.class), HashFunctionProvider::name);
    }

    /** @return the failure detector providers on the module path */
    public static Providers<FailureDetectorProvider> failureDetectors() {
        return new Providers<>("failure-detector", load(FailureDetectorProvider.class),
                FailureDetectorProvider::name);
    }

    /**
     * @param name the configured name
     * @return the provider of that name
     * @throws ConfigException naming the providers that exist when none has that name
     */
    public P get(String name) {
        P p = byName.get(name);
        if (p == null) {
            throw new ConfigException(kind + ": " + name + " (expected one of: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return p;
    }

    /** @return the names available, sorted */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    private static <S> List<S> load(Class<S> type) {
        return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).toList();
    }
}
