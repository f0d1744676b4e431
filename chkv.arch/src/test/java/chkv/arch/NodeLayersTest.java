package chkv.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Inside {@code chkv.node}: {@code boot} assembles the roles; the roles (NameNode, DataNode,
 * Client, Proxy) never depend on each other; they share the command table and {@code common}.
 * Roles that have not landed yet are optional layers.
 */
@AnalyzeClasses(packages = "chkv.node", importOptions = ImportOption.DoNotIncludeTests.class)
class NodeLayersTest {

    @ArchTest
    static final ArchRule roles_are_independent = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("boot").definedBy("chkv.node.boot..")
            .optionalLayer("namenode").definedBy("chkv.node.namenode..")
            .optionalLayer("datanode").definedBy("chkv.node.datanode..")
            .optionalLayer("client").definedBy("chkv.node.client..")
            .optionalLayer("proxy").definedBy("chkv.node.proxy..")
            .optionalLayer("command").definedBy("chkv.node.command..")
            .optionalLayer("common").definedBy("chkv.node.common..")
            .whereLayer("boot").mayNotBeAccessedByAnyLayer()
            .whereLayer("namenode").mayOnlyBeAccessedByLayers("boot")
            .whereLayer("datanode").mayOnlyBeAccessedByLayers("boot")
            .whereLayer("client").mayOnlyBeAccessedByLayers("boot", "proxy")
            .whereLayer("proxy").mayOnlyBeAccessedByLayers("boot")
            .whereLayer("command").mayOnlyBeAccessedByLayers("boot", "datanode", "proxy")
            .whereLayer("common").mayOnlyBeAccessedByLayers(
                    "boot", "namenode", "datanode", "client", "proxy", "command");
}
