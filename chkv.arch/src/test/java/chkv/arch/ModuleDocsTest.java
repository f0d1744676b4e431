package chkv.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page of {@code module-info-docs/} states its module's exports, opens, provides, uses
 * and requires in a facts table; this test reads the compiled {@code module-info.class} of the
 * module beside it in the build and fails when the page says something else.
 */
class ModuleDocsTest {
    private static final Path ROOT = Path.of("..");

    @ParameterizedTest
    @ValueSource(strings = {"chkv.api", "chkv.ring", "chkv.detector", "chkv.cluster", "chkv.client",
            "chkv.transport.netty", "chkv.store.support", "chkv.store.heap", "chkv.store.offheap",
            "chkv.node"})
    void page_factsTable_matchesTheCompiledModule(String module) throws IOException {
        ModuleDescriptor descriptor = compiled(module);
        Path page = ROOT.resolve("module-info-docs").resolve(module + ".md");
        assertThat(page).exists();
        String text = Files.readString(page);

        assertThat(fact(text, "exports")).as("exports of %s", module).isEqualTo(
                names(descriptor.exports().stream().map(e -> qualified(e.source(), e.targets()))));
        assertThat(fact(text, "opens")).as("opens of %s", module).isEqualTo(
                names(descriptor.opens().stream().map(o -> qualified(o.source(), o.targets()))));
        assertThat(fact(text, "provides")).as("provides of %s", module).isEqualTo(
                names(descriptor.provides().stream()
                        .map(p -> p.service() + " with " + String.join(",", p.providers()))));
        assertThat(fact(text, "uses")).as("uses of %s", module).isEqualTo(names(descriptor.uses().stream()));
        assertThat(fact(text, "requires")).as("requires of %s", module).isEqualTo(
                names(descriptor.requires().stream().map(ModuleDescriptor.Requires::name)));
    }

    private static ModuleDescriptor compiled(String module) throws IOException {
        Path info = ROOT.resolve(module).resolve("target/classes/module-info.class");
        assertThat(info).as("compiled descriptor of %s (build the module first)", module).exists();
        try (InputStream in = Files.newInputStream(info)) {
            return ModuleDescriptor.read(in);
        }
    }

    private static String qualified(String source, Set<String> targets) {
        return targets.isEmpty() ? source : source + " to " + String.join(",", new TreeSet<>(targets));
    }

    private static Set<String> names(Stream<String> names) {
        return names.collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Reads the row {@code | name | value |}: "—" for none; entries separated by ";", and an
     * entry without "with"/"to" may list several names separated by ",".
     */
    private static Set<String> fact(String page, String name) {
        String prefix = "| " + name + " |";
        String row = page.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' row"));
        String value = row.substring(prefix.length(), row.lastIndexOf('|')).trim();
        Set<String> facts = new TreeSet<>();
        if (value.equals("—")) {
            return facts;
        }
        for (String entry : value.split(";")) {
            String plain = entry.replace("`", "").replace("(transitive)", "").trim();
            String[] sides = plain.split(" (with|to) ", 2);
            if (sides.length == 2) {
                String joint = plain.contains(" with ") ? " with " : " to ";
                facts.add(sides[0].trim() + joint + Arrays.stream(sides[1].split(","))
                        .map(String::trim).collect(Collectors.joining(",")));
            } else {
                Arrays.stream(plain.split(",")).map(String::trim).forEach(facts::add);
            }
        }
        return facts;
    }
}
