package chkv.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module exposes the ring package and provides the hash functions, nothing more. */
class RingModuleTest {

    private final ModuleDescriptor descriptor = Ring.class.getModule().getDescriptor();

    @Test
    void descriptor_isTheNamedModule() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.ring");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    void exports_onlyTheRingPackage_unqualified() {
        assertThat(descriptor.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("chkv.ring");
            assertThat(e.isQualified()).isFalse();
        });
        assertThat(descriptor.exports().stream().map(Exports::source)).doesNotContain("chkv.ring.hash");
    }

    @Test
    void provides_bothHashFunctions() {
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("chkv.api.spi.HashFunctionProvider");
            assertThat(p.providers()).containsExactly(
                    "chkv.ring.hash.Murmur3Provider", "chkv.ring.hash.XxHash64Provider");
        });
        assertThat(descriptor.provides().stream().map(Provides::service).toList())
                .isEqualTo(List.of("chkv.api.spi.HashFunctionProvider"));
    }

    @Test
    void requires_apiTransitively_andJavaBase() {
        assertThat(descriptor.requires().stream().map(Requires::name))
                .containsExactlyInAnyOrder("chkv.api", "java.base");
        assertThat(descriptor.requires().stream().filter(r -> r.name().equals("chkv.api")))
                .singleElement()
                .satisfies(r -> assertThat(r.modifiers()).containsExactly(Requires.Modifier.TRANSITIVE));
    }
}
