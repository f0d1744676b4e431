package chkv.detector;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.FailureDetector.Verdict;
import chkv.api.spi.FailureDetectorConfig;
import chkv.api.spi.FailureDetectorProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ServiceLoader} finds both detectors through the module's {@code provides}, by name. */
class DetectorServiceLoaderTest {

    @BeforeAll
    static void useTheService() {
        // The module itself provides the service and does not use it; the node does. Tests run
        // inside the module, so they declare the use at run time, as the node's descriptor does.
        DetectorServiceLoaderTest.class.getModule().addUses(FailureDetectorProvider.class);
    }

    private static Map<String, FailureDetectorProvider> loaded() {
        return ServiceLoader.load(FailureDetectorProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(FailureDetectorProvider::name, Function.identity()));
    }

    @Test
    void load_findsProbeAndPhi_byName() {
        Map<String, FailureDetectorProvider> providers = loaded();

        assertThat(providers).containsOnlyKeys("probe", "phi");
        assertThat(providers.get("probe")).isInstanceOf(ProbeDetectorProvider.class);
        assertThat(providers.get("phi")).isInstanceOf(PhiDetectorProvider.class);
    }

    @Test
    void load_eachProvider_createsAWorkingDetector() {
        var config = new FailureDetectorConfig(InstantSource.fixed(Instant.EPOCH), Duration.ofMillis(100), 3, Map.of());

        assertThat(loaded().values()).allSatisfy(provider -> {
            var detector = provider.create(config);
            detector.heartbeat("a");
            assertThat(detector.verdict("a")).isEqualTo(Verdict.ALIVE);
            assertThat(provider.create(config)).isNotSameAs(detector);
        });
    }
}
