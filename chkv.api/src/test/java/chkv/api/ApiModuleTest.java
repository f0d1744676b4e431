package chkv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API module exports exactly the API and SPI packages, needs nothing but java.base, and loads
 * only the client provider (for {@link KvClient#connect}).
 */
class ApiModuleTest {
    private final ModuleDescriptor descriptor = Reply.class.getModule().getDescriptor();

    @Test
    void module_isNamedAndClosed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.api");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void module_exportsApiAndSpiUnqualified() {
        assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(descriptor.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrder("chkv.api", "chkv.api.spi");
    }

    @Test
    void module_requiresOnlyJavaBase() {
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).containsExactly("java.base");
    }

    @Test
    void module_providesNothingAndUsesOnlyTheClientProvider() {
        assertThat(descriptor.provides()).isEmpty();
        assertThat(descriptor.uses()).containsExactly("chkv.api.spi.KvClientProvider");
    }
}
