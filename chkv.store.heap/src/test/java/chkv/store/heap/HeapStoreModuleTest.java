package chkv.store.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module exports nothing, provides exactly the heap store and requires only the API and the store support. */
class HeapStoreModuleTest {
    private final ModuleDescriptor descriptor = HeapStoreProvider.class.getModule().getDescriptor();

    @Test
    public void module_isNamedAndClosed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.store.heap");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    public void module_exportsNothing() {
        assertThat(descriptor.exports()).isEmpty();
    }

    @Test
    public void module_providesTheHeapStore() {
        assertThat(descriptor.provides()).hasSize(1);
        ModuleDescriptor.Provides provides = descriptor.provides().iterator().next();
        assertThat(provides.service()).isEqualTo("chkv.api.spi.StoreProvider");
        assertThat(provides.providers()).isEqualTo(List.of("chkv.store.heap.HeapStoreProvider"));
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    public void module_requiresOnlyTheApiAndTheStoreSupport() {
        Set<String> requires = descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertThat(requires).containsExactlyInAnyOrder("chkv.api", "chkv.store.support", "java.base");
    }

    @Test
    public void provider_isNamedHeap() {
        assertThat(new HeapStoreProvider().name()).isEqualTo("heap");
    }
}
