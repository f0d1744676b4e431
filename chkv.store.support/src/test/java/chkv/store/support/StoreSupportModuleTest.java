package chkv.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports its plug-in package to all and its segment package to the two stores only, provides nothing and requires only the API. */
class StoreSupportModuleTest {
    private final ModuleDescriptor descriptor = Segments.class.getModule().getDescriptor();

    @Test
    void module_isNamedAndClosed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.store.support");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void module_exportsThePluginPackageToAll_andItsSegmentPackageToTheStoresOnly() {
        assertThat(descriptor.exports()).hasSize(2);
        assertThat(descriptor.exports()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("chkv.store.support");
            assertThat(e.targets()).containsExactlyInAnyOrder("chkv.store.heap", "chkv.store.offheap");
        });
        assertThat(descriptor.exports()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("chkv.store.support.plugin");
            assertThat(e.isQualified()).isFalse();
        });
    }

    @Test
    void module_providesAndUsesNothing_requiresOnlyTheApi() {
        assertThat(descriptor.provides()).isEmpty();
        assertThat(descriptor.uses()).isEmpty();
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).containsExactlyInAnyOrder("chkv.api", "java.base");
    }
}
