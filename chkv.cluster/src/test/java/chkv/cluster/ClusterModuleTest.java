package chkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import org.junit.jupiter.api.Test;

/** The module exports and opens its one package, provides and uses nothing. */
class ClusterModuleTest {

    private final ModuleDescriptor descriptor = Topology.class.getModule().getDescriptor();

    @Test
    void descriptor_exportsAndOpensOnlyItsPackage() {
        assertThat(descriptor.name()).isEqualTo("chkv.cluster");
        assertThat(descriptor.exports()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("chkv.cluster");
            assertThat(e.isQualified()).isFalse();
        });
        assertThat(descriptor.opens()).singleElement().satisfies(o -> assertThat(o.source()).isEqualTo("chkv.cluster"));
        assertThat(descriptor.provides()).isEmpty();
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    void requires_theRingTransitively() {
        assertThat(descriptor.requires().stream().map(Requires::name)).containsExactlyInAnyOrder("chkv.ring", "java.base");
        assertThat(descriptor.requires().stream().filter(r -> r.name().equals("chkv.ring"))).singleElement()
                .satisfies(r -> assertThat(r.modifiers()).containsExactly(Requires.Modifier.TRANSITIVE));
    }
}
