package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import org.junit.jupiter.api.Test;

/** The module exports nothing, requires only the API and provides the two detectors. */
class DetectorModuleTest {

    private final ModuleDescriptor descriptor = ProbeDetectorProvider.class.getModule().getDescriptor();

    @Test
    void descriptor_isTheNamedModule_closed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.detector");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
    }

    @Test
    void exports_nothing() {
        assertThat(descriptor.exports()).isEmpty();
    }

    @Test
    void uses_nothing() {
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    void provides_bothDetectors_only() {
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("chkv.api.spi.FailureDetectorProvider");
            assertThat(p.providers()).containsExactly(
                    "chkv.detector.ProbeDetectorProvider", "chkv.detector.PhiDetectorProvider");
        });
    }

    @Test
    void requires_theApiOnly_notTransitively() {
        assertThat(descriptor.requires().stream().map(Requires::name))
                .containsExactlyInAnyOrder("java.base", "chkv.api");
        assertThat(descriptor.requires()).allSatisfy(r ->
                assertThat(r.modifiers()).doesNotContain(Requires.Modifier.TRANSITIVE));
    }
}
