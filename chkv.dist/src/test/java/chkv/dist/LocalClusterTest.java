package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's run command: a whole cluster from one command, gone again on SIGTERM. */
@Tag("slow")
class LocalClusterTest {
    @TempDir
    Path dir;
    private Process cluster;
    private final List<ProcessHandle> children = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        children.forEach(ProcessHandle::destroyForcibly);
        if (cluster != null) {
            cluster.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void localCluster_portAndDatanodes_layTheEndpointsOutFromTheProxysPort() throws Exception {
        int port = freeRun(13);
        ProcessBuilder pb = new ProcessBuilder("../chkv", "local-cluster", "--datanodes", "2", "--port",
                Integer.toString(port), "--dir", dir.resolve("c").toString())
                .redirectError(dir.resolve("local-cluster.err").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1");
        cluster = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null && !line.equals("ready")) {
            lines.add(line);
        }
        children.addAll(cluster.descendants().toList());
        assertThat(lines).containsExactly("namenode 127.0.0.1:" + (port - 9), "datanode 127.0.0.1:" + (port + 1),
                "datanode 127.0.0.1:" + (port + 2), "proxy 127.0.0.1:" + port);
    }

    /** @return a port P such that P-9 to P+3 are all free now */
    private static int freeRun(int width) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(30_000);
            boolean free = true;
            for (int p = base; p < base + width && free; p++) {
                try (java.net.ServerSocket s = new java.net.ServerSocket(p, 1,
                        java.net.InetAddress.getByName("127.0.0.1"))) {
                    s.setReuseAddress(true);
                } catch (java.io.IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base + 9;
            }
        }
        throw new AssertionError("no run of " + width + " free ports");
    }

    @Test
    void localCluster_printsEachEndpointThenReady_servesThroughTheProxy_andSigtermLeavesNoProcess() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("../chkv", "local-cluster", "--port", "0", "--dir", dir.resolve("c").toString())
                .redirectError(dir.resolve("local-cluster.err").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1");
        cluster = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null && !line.equals("ready")) {
            lines.add(line);
        }
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("namenode 127\\.0\\.0\\.1:\\d+");
        assertThat(lines.subList(1, 4)).allMatch(l -> l.matches("datanode 127\\.0\\.0\\.1:\\d+"));
        assertThat(lines.get(4)).matches("proxy 127\\.0\\.0\\.1:\\d+");
        children.addAll(cluster.descendants().toList());
        assertThat(children).as("one process per endpoint").hasSize(5);

        int proxy = Integer.parseInt(lines.get(4).substring(lines.get(4).lastIndexOf(':') + 1));
        try (Resp client = new Resp(proxy)) {
            assertThat(client.call("PING")).isEqualTo("PONG");
            for (int i = 0; i < 100; i++) {
                assertThat(client.call("SET", "k" + i, "v" + i)).isEqualTo("OK");
            }
            assertThat(client.call("DBSIZE")).isEqualTo(100L);
            assertThat(client.call("GET", "k42")).isEqualTo("v42");
        }

        cluster.destroy(); // SIGTERM
        assertThat(cluster.waitFor(20, TimeUnit.SECONDS)).as("local-cluster stopped").isTrue();
        for (ProcessHandle child : children) {
            assertThat(child.onExit().get(5, TimeUnit.SECONDS).isAlive()).as("pid %d left behind", child.pid()).isFalse();
        }
    }
}
