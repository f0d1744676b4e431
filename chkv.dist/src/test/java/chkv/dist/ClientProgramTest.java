package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's ten-line program, as a user builds it: compiled against {@code chkv.api} alone,
 * run on a plain JDK with {@code chkv.client}, {@code chkv.ring} and {@code chkv.transport.netty}
 * (and what they require) on the module path, against a cluster of the shipped image.
 */
@Tag("slow")
class ClientProgramTest {
    /** Exactly the README's program. */
    static final String PROGRAM = """
            import chkv.api.KvClient;
            import java.nio.charset.StandardCharsets;

            public class Hello {
                public static void main(String[] args) {
                    try (KvClient kv = KvClient.connect(args[0])) {
                        kv.set("greeting".getBytes(StandardCharsets.UTF_8), "hello".getBytes(StandardCharsets.UTF_8));
                        System.out.println(new String(kv.get("greeting".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
                    }
                }
            }
            """;
    /** The runtime module path: the client library, what it requires, and the transport. */
    private static final Pattern RUNTIME = Pattern.compile(
            "(chkv\\.(api|client|cluster|ring|transport\\.netty)|netty-|kryo|minlog|reflectasm|objenesis).*");

    @TempDir
    Path dir;

    @Test
    void readmeProgram_compiledAgainstTheApiAlone_talksToARunningCluster() throws Exception {
        assertThat(Files.readString(Path.of("..", "README.md"))).as("the README shows this very program").contains(PROGRAM);
        Path src = Files.createDirectories(dir.resolve("src/hello"));
        Files.writeString(src.resolve("module-info.java"), "module hello { requires chkv.api; }\n");
        Files.createDirectories(src.resolve("hello"));
        Files.writeString(src.resolve("hello/Hello.java"), "package hello;\n\n" + PROGRAM);
        Path classes = dir.resolve("classes");
        Path api = entries().stream().filter(p -> p.getFileName().toString().startsWith("chkv.api")).findFirst()
                .orElseThrow(() -> new AssertionError("chkv.api is not on the test's path"));
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                "--module-path", api.toString(), src.resolve("module-info.java").toString(),
                src.resolve("hello/Hello.java").toString());
        assertThat(compiled).as("javac against chkv.api alone").isZero();

        Path secret = dir.resolve("secret");
        Files.writeString(secret, "program-test\n");
        try (ClusterProcesses processes = new ClusterProcesses(dir)) {
            var nameNode = processes.start("namenode", "namenode", "--port", "0", "--data-dir",
                    dir.resolve("nn").toString(), "--cluster-secret-file", secret.toString());
            processes.start("datanode", "datanode", "--namenode", nameNode.address(), "--port", "0",
                    "--cluster-secret-file", secret.toString());

            List<String> modulePath = new ArrayList<>(List.of(classes.toString()));
            for (Path p : entries()) {
                if (RUNTIME.matcher(p.getFileName().toString()).matches()) {
                    modulePath.add(p.toString());
                }
            }
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process run = new ProcessBuilder(java.toString(), "--module-path", String.join(File.pathSeparator, modulePath),
                    "-m", "hello/hello.Hello", "chkv://" + nameNode.address() + "?secret-file=" + secret)
                    .redirectErrorStream(true).start();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
            assertThat(run.exitValue()).as(out).isZero();
            assertThat(out.lines().filter(l -> !l.contains("WARN")).toList()).as(out).contains("hello");
        }
    }

    /** What the test runs with: its module path and class path, and the image's rewritten jars. */
    private static Set<Path> entries() throws Exception {
        Set<Path> found = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    found.add(Path.of(entry));
                }
            }
        }
        try (Stream<Path> rewritten = Files.list(Path.of("target", "modules"))) {
            rewritten.forEach(found::add); // Kryo and its dependencies with real module descriptors
        }
        return found;
    }
}
