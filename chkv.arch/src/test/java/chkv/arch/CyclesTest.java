package chkv.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No two packages depend on each other, directly or through others, with one exception, shaped
 * as the JDK's {@code FileSystems} and {@code FileSystemProvider}: the API's entry point
 * {@code KvClient.connect} finds the {@code KvClientProvider} SPI, whose providers return a
 * {@code KvClient}.
 */
@AnalyzeClasses(packages = "chkv", importOptions = ImportOption.DoNotIncludeTests.class)
class CyclesTest {

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices()
            .matching("chkv.(**)")
            .should().beFreeOfCycles()
            .ignoreDependency("chkv.api.KvClient", "chkv.api.spi.KvClientProvider");
}
