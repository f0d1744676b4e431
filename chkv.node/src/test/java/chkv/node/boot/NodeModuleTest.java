package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The node module exports nothing, uses every SPI and requires no implementation module. */
class NodeModuleTest {
    private final ModuleDescriptor descriptor = Providers.class.getModule().getDescriptor();

    @Test
    void module_isNamedAndExportsNothing() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.node");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.exports()).isEmpty();
    }

    @Test
    void module_usesEverySpi() {
        assertThat(descriptor.uses()).containsExactlyInAnyOrder(
                "chkv.api.spi.HashFunctionProvider", "chkv.api.spi.StoreProvider",
                "chkv.api.spi.TransportProvider", "chkv.api.spi.FailureDetectorProvider",
                "chkv.api.spi.KvClientProvider");
    }

    @Test
    void module_requiresNoImplementationModule() {
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).noneMatch(name -> name.startsWith("chkv.store") || name.startsWith("chkv.transport"));
        assertThat(requires).contains("chkv.api", "chkv.ring");
    }
}
