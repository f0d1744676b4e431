package chkv.store.offheap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports nothing, provides exactly the off-heap store and requires only the API and the store support. */
class OffHeapStoreModuleTest {
    private final ModuleDescriptor descriptor = OffHeapStoreProvider.class.getModule().getDescriptor();

    @Test
    public void module_isNamedAndClosed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.store.offheap");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    public void module_exportsNothing() {
        assertThat(descriptor.exports()).isEmpty();
    }

    @Test
    public void module_providesTheOffHeapStore() {
        assertThat(descriptor.provides()).hasSize(1);
        ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
        assertThat(provides.service()).isEqualTo("chkv.api.spi.StoreProvider");
        assertThat(provides.providers()).isEqualTo(List.of("chkv.store.offheap.OffHeapStoreProvider"));
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    public void module_requiresOnlyTheApiAndTheStoreSupport() {
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).containsExactlyInAnyOrder("chkv.api", "chkv.store.support", "java.base");
    }

    @Test
    public void provider_isNamedOffheap() {
        assertThat(new OffHeapStoreProvider().name()).isEqualTo("offheap");
    }
}
