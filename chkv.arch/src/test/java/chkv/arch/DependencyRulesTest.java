package chkv.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What each module may depend on, outside the module graph's own checks. */
@AnalyzeClasses(packages = "chkv", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    @ArchTest
    static final ArchRule api_depends_on_java_only = classes()
            .that().resideInAPackage("chkv.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("chkv.api..", "java..")
            .because("every module builds on the API; it must pull nothing in with it");

    @ArchTest
    static final ArchRule ring_depends_on_api_only = classes()
            .that().resideInAPackage("chkv.ring..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("chkv.ring..", "chkv.api..", "java..")
            .because("the ring is pure placement logic, usable by any client");

    @ArchTest
    static final ArchRule detector_depends_on_api_only = classes()
            .that().resideInAPackage("chkv.detector..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("chkv.detector..", "chkv.api..", "java..")
            .because("a detector decides from the evidence it is fed, on the clock it is given");

    @ArchTest
    static final ArchRule node_names_no_implementation = noClasses()
            .that().resideInAPackage("chkv.node..")
            .should().dependOnClassesThat().resideInAnyPackage("chkv.transport..", "chkv.store..", "chkv.detector..")
            .because("the node picks transports, stores and failure detectors by name through ServiceLoader");

    @ArchTest
    static final ArchRule netty_stays_in_the_transport = noClasses()
            .that().resideOutsideOfPackage("chkv.transport.netty..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..")
            .because("Netty is one Transport implementation, swappable through the SPI");

    @ArchTest
    static final ArchRule kryo_stays_in_the_transport = noClasses()
            .that().resideOutsideOfPackage("chkv.transport.netty..")
            .should().dependOnClassesThat().resideInAnyPackage("com.esotericsoftware..")
            .because("the wire format of internal messages is the transport's business");

    @ArchTest
    static final ArchRule store_support_depends_on_api_only = classes()
            .that().resideInAPackage("chkv.store.support..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("chkv.store.support..", "chkv.api..", "java..")
            .because("what the stores share must not tie them to anything but the SPI");

    @ArchTest
    static final ArchRule segment_package_is_the_in_tree_stores_own = noClasses()
            .that().resideOutsideOfPackages("chkv.store.support..", "chkv.store.heap..", "chkv.store.offheap..")
            .should().dependOnClassesThat().resideInAPackage("chkv.store.support")
            .because("only chkv.store.support.plugin is for everyone: the segment helpers may change with the in-tree stores");

    @ArchTest
    static final ArchRule stores_name_no_other_store = slices()
            .matching("chkv.store.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAPackage("chkv.store.support.."))
            .because("the stores share code through chkv.store.support, never each other");
}
