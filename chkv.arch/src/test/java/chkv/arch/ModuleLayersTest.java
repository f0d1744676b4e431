package chkv.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module layering of DESIGN.md: the API at the bottom, the ring above it, what every role
 * shares ({@code chkv.cluster}) above the ring, the node on top, and the implementation modules
 * (client library, detectors, transport, stores) off to the side, reached only through the SPIs.
 */
@AnalyzeClasses(packages = "chkv", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleLayersTest {

    @ArchTest
    static final ArchRule modules_are_layered = layeredArchitecture()
            .consideringAllDependencies()
            .layer("api").definedBy("chkv.api..")
            .layer("ring").definedBy("chkv.ring..")
            .layer("cluster").definedBy("chkv.cluster..")
            .layer("client").definedBy("chkv.client..")
            .layer("detector").definedBy("chkv.detector..")
            .layer("node").definedBy("chkv.node..")
            .layer("transport").definedBy("chkv.transport..")
            .layer("store").definedBy("chkv.store..")
            .whereLayer("node").mayNotBeAccessedByAnyLayer()
            .whereLayer("ring").mayOnlyBeAccessedByLayers("cluster", "client", "node")
            .whereLayer("cluster").mayOnlyBeAccessedByLayers("client", "node")
            .whereLayer("client").mayNotBeAccessedByAnyLayer()
            .whereLayer("detector").mayNotBeAccessedByAnyLayer()
            .whereLayer("transport").mayNotBeAccessedByAnyLayer()
            .whereLayer("store").mayNotBeAccessedByAnyLayer()
            .because("implementations are found by name through ServiceLoader, never compiled against");
}
