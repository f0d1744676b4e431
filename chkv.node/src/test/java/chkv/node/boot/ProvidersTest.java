package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Providers are found on the module path and picked by name; bad names fail with the list. */
class ProvidersTest {

    @Test
    void stores_onModulePath_heapAndOffheap() {
        assertThat(Providers.stores().names()).containsExactly("heap", "offheap");
    }

    @Test
    void transports_onModulePath_netty() {
        assertThat(Providers.transports().names()).containsExactly("netty");
    }

    @Test
    void hashFunctions_onModulePath_murmur3AndXxhash64() {
        assertThat(Providers.hashFunctions().names()).containsExactly("murmur3", "xxhash64");
        assertThat(Providers.hashFunctions().get("murmur3").name()).isEqualTo("murmur3");
    }

    @Test
    void get_unknownName_failsListingTheNamesThatExist() {
        assertThatThrownBy(() -> Providers.stores().get("rocks"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("store: rocks (expected one of: heap, offheap)");
    }

    @Test
    void create_duplicateName_failsNamingBothProviders() {
        assertThatThrownBy(() -> new Providers<>("hash", List.of("a", "b", "a"), s -> s))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("hash provider name: a is provided twice, by java.lang.String and java.lang.String");
    }

    @Test
    void plugins_notADirectory_failsNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Providers.plugins(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("plugins: " + missing + " (expected: a directory of module jars)");
    }

    @Test
    void plugins_emptyDirectory_addsNoProvider(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Providers.plugins(dir);
        assertThat(Providers.stores().names()).containsExactly("heap", "offheap");
        assertThat(Providers.hashFunctions().names()).containsExactly("murmur3", "xxhash64");
    }

    @org.junit.jupiter.api.AfterEach
    void forgetPlugins() {
        Providers.noPlugins();
    }

    /** A module jar compiled here, with a provider of each kind, all named {@code test}. */
    @Test
    void plugins_aModuleJar_addsItsProvidersOfEveryKind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path src = java.nio.file.Files.createDirectories(dir.resolve("src/test.plugin/test/plugin"));
        java.nio.file.Files.writeString(src.resolve("../../module-info.java"), """
                module test.plugin {
                    requires chkv.api;
                    provides chkv.api.spi.StoreProvider with test.plugin.P.S;
                    provides chkv.api.spi.HashFunctionProvider with test.plugin.P.H;
                    provides chkv.api.spi.TransportProvider with test.plugin.P.T;
                    provides chkv.api.spi.FailureDetectorProvider with test.plugin.P.F;
                }""");
        java.nio.file.Files.writeString(src.resolve("P.java"), """
                package test.plugin;
                import chkv.api.spi.*;
                public class P {
                    public static class S implements StoreProvider {
                        public String name() { return "test"; }
                        public Store create(StoreConfig c) { throw new UnsupportedOperationException(); }
                    }
                    public static class H implements HashFunctionProvider {
                        public String name() { return "test"; }
                        public HashFunction create() { return (d, o, l) -> l; }
                    }
                    public static class T implements TransportProvider {
                        public String name() { return "test"; }
                        public Transport create(TransportConfig c) { throw new UnsupportedOperationException(); }
                    }
                    public static class F implements FailureDetectorProvider {
                        public String name() { return "test"; }
                        public FailureDetector create(FailureDetectorConfig c) { throw new UnsupportedOperationException(); }
                    }
                }""");
        java.nio.file.Path classes = dir.resolve("classes");
        String api = java.nio.file.Path.of(chkv.api.spi.StoreProvider.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        int compiled = java.util.spi.ToolProvider.findFirst("javac").orElseThrow().run(System.out, System.err,
                "--module-path", api, "-d", classes.toString(),
                src.resolve("../../module-info.java").toString(), src.resolve("P.java").toString());
        assertThat(compiled).isZero();
        java.nio.file.Path plugins = java.nio.file.Files.createDirectory(dir.resolve("plugins"));
        try (var jar = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(plugins.resolve("test.jar")));
                var files = java.nio.file.Files.walk(classes)) {
            for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                jar.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jar.write(java.nio.file.Files.readAllBytes(f));
                jar.closeEntry();
            }
        }

        Providers.plugins(plugins);

        assertThat(Providers.stores().names()).containsExactly("heap", "offheap", "test");
        assertThat(Providers.hashFunctions().names()).containsExactly("murmur3", "test", "xxhash64");
        assertThat(Providers.transports().names()).containsExactly("netty", "test");
        assertThat(Providers.failureDetectors().names()).contains("test");
        assertThat(Providers.hashFunctions().get("test").create().hash(new byte[3], 0, 3)).isEqualTo(3);
    }
}
