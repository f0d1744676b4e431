package chkv.node.boot;

import chkv.api.ConfigException;
import chkv.api.spi.FailureDetectorProvider;
import chkv.api.spi.HashFunctionProvider;
import chkv.api.spi.StoreProvider;
import chkv.api.spi.TransportProvider;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place {@link ServiceLoader} is called: loads every provider of each SPI, from the
 * image and from the {@linkplain #plugins(Path) plug-in directory}, and picks one by name. Everything else receives its collaborators through constructors.
 *
 * @param <P> the provider type
 */
public final class Providers<P> {
    /** The layer of {@link #plugins(Path)}, or {@code null}: set once at start-up, before any lookup. */
    private static volatile ModuleLayer pluginLayer;

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

    /**
     * Adds the module jars in {@code dir} as a layer above the boot layer, so that every later
     * lookup also finds their providers ({@code ./chkv --plugins DIR}): stores, hash functions,
     * transports and failure detectors alike. A plug-in may require any module of the image.
     *
     * @param dir a directory of module jars
     * @throws ConfigException when it is no directory, or its modules do not resolve against the image
     */
    public static void plugins(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("plugins: " + dir + " (expected: a directory of module jars)");
        }
        try {
            ModuleFinder finder = ModuleFinder.of(dir);
            Set<String> roots = finder.findAll().stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
            ModuleLayer boot = ModuleLayer.boot();
            Configuration configuration = boot.configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
            pluginLayer = boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new ConfigException("plugins: " + dir + ": " + e.getMessage() + " (expected: module jars that need only the image's modules)");
        }
    }

    /** Forgets the plug-ins, so that tests of this class start alike. */
    static void noPlugins() {
        pluginLayer = null;
    }

    private static <S> List<S> load(Class<S> type) {
        List<S> found = new ArrayList<>(ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).toList());
        ModuleLayer plugins = pluginLayer;
        if (plugins != null) { // the plug-ins' own providers: the layer's parents were searched above
            ServiceLoader.load(plugins, type).stream()
                    .filter(p -> p.type().getModule().getLayer() == plugins)
                    .forEach(p -> found.add(p.get()));
        }
        return found;
    }
}
