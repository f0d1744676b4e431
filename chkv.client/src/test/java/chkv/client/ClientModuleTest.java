package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Test;

/** The client module exports nothing, provides the chkv scheme and finds transport and hash by name. */
class ClientModuleTest {
    private final ModuleDescriptor descriptor = ChkvClientProvider.class.getModule().getDescriptor();

    @Test
    void module_exportsAndOpensNothing() {
        assertThat(descriptor.name()).isEqualTo("chkv.client");
        assertThat(descriptor.exports()).isEmpty();
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.isOpen()).isFalse();
    }

    @Test
    void module_providesTheClientAndUsesTransportAndHash() {
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("chkv.api.spi.KvClientProvider");
            assertThat(p.providers()).containsExactly("chkv.client.ChkvClientProvider");
        });
        assertThat(descriptor.uses()).containsExactlyInAnyOrder(
                "chkv.api.spi.TransportProvider", "chkv.api.spi.HashFunctionProvider");
    }

    @Test
    void module_requiresTheApiAndTheClusterContract() {
        assertThat(descriptor.requires().stream().map(ModuleDescriptor.Requires::name))
                .containsExactlyInAnyOrder("java.base", "chkv.api", "chkv.cluster");
    }

    @Test
    void provider_servesTheChkvScheme() {
        assertThat(new ChkvClientProvider().scheme()).isEqualTo("chkv");
    }
}
