package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.dist.ClusterProcesses.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of real processes from the shipped image: a NameNode, three DataNodes and a proxy,
 * sharing a secret; SIGKILLs of a DataNode and of the NameNode under load through the proxy.
 */
@Tag("slow")
class ClusterTest {
    private static final int KEYS = 1_000;

    @TempDir
    Path dir;
    private ClusterProcesses processes;
    private Path secret;
    private Role nameNode;
    private final List<Role> dataNodes = new ArrayList<>();
    private Role proxy;

    @BeforeEach
    void start() throws Exception {
        processes = new ClusterProcesses(dir);
        secret = dir.resolve("secret");
        Files.writeString(secret, "test-secret-" + System.nanoTime() + "\n");
        nameNode = processes.start("namenode", "namenode", "--port", "0", "--data-dir", dir.resolve("nn").toString(),
                "--cluster-secret-file", secret.toString());
        for (int i = 1; i <= 3; i++) {
            dataNodes.add(processes.start("datanode-" + i, "datanode", "--namenode", nameNode.address(), "--port", "0",
                    "--cluster-secret-file", secret.toString()));
        }
        awaitStatus(s -> s.split("\n").length == 4 && count(s, " up ") == 3, "three DataNodes up");
        proxy = processes.start("proxy", "proxy", "--namenode", nameNode.address(), "--port", "0",
                "--cluster-secret-file", secret.toString());
    }

    @AfterEach
    void stop() throws InterruptedException {
        processes.close();
    }

    @Test
    void proxyServesTheCluster_dataNodesRedirect_andAKilledDataNodeLosesOnlyItsShare() throws Exception {
        try (Resp client = new Resp(proxy.port())) {
            for (int i = 0; i < KEYS; i++) {
                assertThat(client.call("SET", "key:" + i, "v" + i)).isEqualTo("OK");
            }
            assertThat(client.call("DBSIZE")).isEqualTo((long) KEYS);
            assertThat(client.call("MGET", "key:1", "key:2", "key:3")).isEqualTo(List.of("v1", "v2", "v3"));
        }
        // each DataNode holds its own share, and answers another's key with -MOVED to that owner
        long total = 0;
        List<List<Integer>> owned = new ArrayList<>();
        for (Role d : dataNodes) {
            List<Integer> mine = new ArrayList<>();
            try (Resp direct = new Resp(d.port())) {
                long size = (Long) direct.call("DBSIZE");
                assertThat(size).as("keys on %s", d.address()).isGreaterThan(KEYS / 10);
                total += size;
                for (int i = 0; i < KEYS; i++) {
                    Object reply = direct.call("GET", "key:" + i);
                    if (reply instanceof Resp.Error e) {
                        assertThat(e.message()).matches("MOVED \\d+ 127\\.0\\.0\\.1:\\d+");
                        int ownerPort = Integer.parseInt(e.message().substring(e.message().lastIndexOf(':') + 1));
                        try (Resp owner = new Resp(ownerPort)) {
                            assertThat(owner.call("GET", "key:" + i)).isEqualTo("v" + i);
                        }
                    } else {
                        assertThat(reply).isEqualTo("v" + i);
                        mine.add(i);
                    }
                }
            }
            owned.add(mine);
        }
        assertThat(total).isEqualTo(KEYS);
        int other = owned.get(1).getFirst();
        try (Resp direct = new Resp(dataNodes.getFirst().port())) {
            Object cross = direct.call("MGET", "key:" + owned.getFirst().getFirst(), "key:" + other);
            assertThat(cross).isEqualTo(new Resp.Error("CROSSSLOT Keys in request don't hash to the same slot"));
        }

        // SIGKILL the first DataNode while a writer runs through the proxy
        List<Integer> lost = owned.getFirst();
        AtomicLong errors = new AtomicLong();
        AtomicLong firstError = new AtomicLong();
        AtomicLong lastError = new AtomicLong();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (Resp client = new Resp(proxy.port())) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                for (int n = 0; System.nanoTime() < end && n < 1_000_000; n++) {
                    int i = lost.get(n % lost.size());
                    Object reply = client.call("SET", "key:" + i, "w" + i);
                    if (!"OK".equals(reply)) {
                        long now = System.nanoTime();
                        firstError.compareAndSet(0, now);
                        lastError.set(now);
                        errors.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        });
        Thread.sleep(1_000);
        long killed = System.nanoTime();
        dataNodes.getFirst().process().destroyForcibly();
        writer.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(writerFailure.get()).as("the writer's connection to the proxy").isNull();
        long windowMs = lastError.get() == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(lastError.get() - killed);
        System.out.printf("DataNode SIGKILL: %d failed writes through the proxy, the last %d ms after the kill%n",
                errors.get(), windowMs);
        assertThat(windowMs).as("ms from SIGKILL to the last failed write (the new epoch at the proxy)").isLessThan(2_000);
        String status = awaitStatus(s -> s.contains(" dead "), "the killed DataNode dead");
        assertThat(status).contains(dataNodes.getFirst().address());

        // the others' keys are intact; the dead node's keys are writable again on their new owners
        try (Resp client = new Resp(proxy.port())) {
            for (int i = 0; i < KEYS; i++) {
                Object value = client.call("GET", "key:" + i);
                assertThat(value).as("key:%d", i).isEqualTo(lost.contains(i) ? "w" + i : "v" + i);
            }
        }
    }

    @Test
    void nameNodeKilled_dataPlaneKeepsServing_andMembershipResumesWhenItReturns() throws Exception {
        long epochBefore = epoch(status());
        nameNode.process().destroyForcibly();
        nameNode.process().waitFor(10, TimeUnit.SECONDS);
        int failures = 0;
        try (Resp client = new Resp(proxy.port())) {
            for (int i = 0; i < 2_000; i++) {
                if (!"OK".equals(client.call("SET", "k" + i, "v" + i)) || !("v" + i).equals(client.call("GET", "k" + i))) {
                    failures++;
                }
            }
        }
        assertThat(failures).as("failed commands without the NameNode").isZero();

        nameNode = processes.start("namenode-again", "namenode", "--port", Integer.toString(nameNode.port()),
                "--data-dir", dir.resolve("nn").toString(), "--cluster-secret-file", secret.toString());
        String status = awaitStatus(s -> count(s, " up ") == 3, "three DataNodes up again");
        assertThat(epoch(status)).as("the epoch continues").isGreaterThanOrEqualTo(epochBefore);
        try (Resp client = new Resp(proxy.port())) {
            assertThat(client.call("DBSIZE")).isEqualTo(2_000L);
        }
    }

    @Test
    void processWithoutTheSecret_cannotJoinNorQuery() throws Exception {
        Role stranger = processes.start("stranger", "datanode", "--namenode", nameNode.address(), "--port", "0",
                "--cluster-secret", "guess");
        ClusterProcesses.Run wrong = ClusterProcesses.run("status", "--namenode", nameNode.address(),
                "--cluster-secret", "guess");
        assertThat(wrong.exit()).isNotZero();
        ClusterProcesses.Run unreachable = ClusterProcesses.run("status", "--namenode", "127.0.0.1:1",
                "--timeout-ms", "2000");
        assertThat(unreachable.exit()).as(unreachable.output()).isEqualTo(1);
        assertThat(unreachable.output()).contains("127.0.0.1:1");
        String status = status();
        assertThat(status).doesNotContain(stranger.address());
        assertThat(count(status, " up ")).isEqualTo(3);
        try (Resp direct = new Resp(stranger.port())) {
            assertThat(direct.call("GET", "x")).isEqualTo(new Resp.Error("CLUSTERDOWN The cluster is down"));
        }
    }

    private String status() throws IOException, InterruptedException {
        ClusterProcesses.Run run = ClusterProcesses.run("status", "--namenode", nameNode.address(),
                "--cluster-secret-file", secret.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        // the launcher's own note (an image older than the sources) is not part of what status prints
        return run.output().lines().filter(line -> !line.startsWith("chkv: note:"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private String awaitStatus(java.util.function.Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
            ClusterProcesses.Run run = ClusterProcesses.run("status", "--namenode", nameNode.address(),
                    "--cluster-secret-file", secret.toString());
            last = run.output();
            if (run.exit() == 0 && condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("status never showed " + what + "; last:\n" + last);
    }

    private static long epoch(String status) {
        assertThat(status).startsWith("epoch ");
        return Long.parseLong(status.substring(6, status.indexOf(' ', 6)));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
