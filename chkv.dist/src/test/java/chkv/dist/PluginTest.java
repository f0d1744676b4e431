package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.dist.ClusterProcesses.Role;
import chkv.dist.ClusterProcesses.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plug-in section: the example plug-ins' jars, copied into a directory, load into the
 * shipped image with {@code ./chkv --plugins DIR ...}, which is not rebuilt: a store serves RESP
 * with Redis's expiry and SCAN, and a hash function places a cluster's keys.
 */
class PluginTest {
    @TempDir
    Path dir;
    private Path plugins;
    private ClusterProcesses processes;

    /** @return the example's jar, built by the reactor before this module */
    private static Path exampleJar(String example, String artifact) throws IOException {
        Path target = Path.of("..", "examples", example, "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(artifact + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jar of " + artifact + " in " + target));
        }
    }

    @BeforeEach
    void copyPlugins() throws IOException {
        plugins = Files.createDirectory(dir.resolve("plugins"));
        for (Path jar : List.of(exampleJar("store-skiplist", "chkv.example.skiplist"),
                exampleJar("hash-fnv", "chkv.example.fnv"))) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        processes = new ClusterProcesses(dir);
    }

    @AfterEach
    void stop() throws InterruptedException {
        processes.close();
    }

    @Test
    void storePlugin_standalone_servesSetGetExpireTtlAndScan() throws Exception {
        Role node = processes.start("skiplist", "--plugins", plugins.toString(), "datanode", "--standalone",
                "--store", "skiplist", "--port", "0");
        try (Resp resp = new Resp(node.port())) {
            assertThat(resp.call("SET", "k", "v")).isEqualTo("OK");
            assertThat(resp.call("GET", "k")).isEqualTo("v");
            assertThat(resp.call("EXPIRE", "k", "100")).isEqualTo(1L);
            assertThat((Long) resp.call("TTL", "k")).isBetween(99L, 100L);
            assertThat(resp.call("SET", "gone", "v", "PX", "1")).isEqualTo("OK");
            Thread.sleep(5);
            assertThat(resp.call("GET", "gone")).isNull();
            for (int i = 0; i < 100; i++) {
                resp.call("SET", "key:" + i, Integer.toString(i));
            }
            Set<Object> seen = new HashSet<>();
            String cursor = "0";
            for (int steps = 0; steps < 1_000; steps++) {
                List<?> page = (List<?>) resp.call("SCAN", cursor, "COUNT", "10");
                cursor = (String) page.get(0);
                seen.addAll((List<?>) page.get(1));
                if (cursor.equals("0")) {
                    break;
                }
            }
            assertThat(cursor).isEqualTo("0");
            assertThat(seen).hasSize(101).contains("k", "key:0", "key:99").doesNotContain("gone");
            assertThat(resp.call("DBSIZE")).isEqualTo(101L);
        }
    }

    @Test
    void unknownNames_failAtStartUp_listingThePlugins() throws Exception {
        Run store = ClusterProcesses.run("--plugins", plugins.toString(), "datanode", "--standalone", "--port", "0",
                "--store", "rocks");
        assertThat(store.exit()).isNotZero();
        assertThat(store.output()).contains("store: rocks (expected one of: heap, offheap, skiplist)");
        Run hash = ClusterProcesses.run("--plugins", plugins.toString(), "namenode", "--port", "0",
                "--data-dir", dir.resolve("nn").toString(), "--hash", "sha0");
        assertThat(hash.exit()).isNotZero();
        assertThat(hash.output()).contains("hash: sha0 (expected one of: fnv1a, murmur3, xxhash64)");
    }

    @Test
    void withoutPlugins_thePluginNamesAreUnknown() throws Exception {
        Run store = ClusterProcesses.run("datanode", "--standalone", "--port", "0", "--store", "skiplist");
        assertThat(store.exit()).isNotZero();
        assertThat(store.output()).contains("store: skiplist (expected one of: heap, offheap)");
    }

    @Test
    void pluginsNotADirectory_isAUsageError() throws Exception {
        Run run = ClusterProcesses.run("--plugins", dir.resolve("missing").toString(), "datanode", "--standalone");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("plugins: " + dir.resolve("missing") + " (expected: a directory of module jars)");
    }

    @Test
    void hashPlugin_placesACluster_whoseDataNodeServesFromTheStorePlugin() throws Exception {
        Role nameNode = processes.start("namenode", "--plugins", plugins.toString(), "namenode", "--port", "0",
                "--data-dir", dir.resolve("nn").toString(), "--hash", "fnv1a");
        Role dataNode = processes.start("datanode", "--plugins", plugins.toString(), "datanode",
                "--namenode", nameNode.address(), "--port", "0", "--store", "skiplist");
        List<Object> replies = new ArrayList<>();
        try (Resp resp = new Resp(dataNode.port())) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            Object reply = null;
            while (System.nanoTime() < deadline && !"OK".equals(reply = resp.call("SET", "k", "v"))) {
                replies.add(reply); // refused until the DataNode owns its ranges
                Thread.sleep(100);
            }
            assertThat(reply).as("SET once the DataNode joined (before: %s)", replies).isEqualTo("OK");
            assertThat(resp.call("GET", "k")).isEqualTo("v");
        }
        Run status = ClusterProcesses.run("--plugins", plugins.toString(), "status", "--namenode", nameNode.address());
        assertThat(status.exit()).as(status.output()).isZero();
        assertThat(status.output()).contains(" up ", "share 100.0%");
        Run blind = ClusterProcesses.run("status", "--namenode", nameNode.address()); // the ring's hash is the plug-in's
        assertThat(blind.exit()).isNotZero();
        assertThat(blind.output()).contains("hash: fnv1a (expected one of: murmur3, xxhash64)");
    }
}
