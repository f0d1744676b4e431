package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.dist.ClusterProcesses.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranges move with their keys between real processes of the shipped image, under a writer
 * running through the proxy: a DataNode joins and receives its share, one leaves on SIGTERM and
 * hands everything over; a move survives its NameNode restarting, its target or its source dying.
 */
@Tag("slow")
class RebalanceTest {
    private static final String VALUE = "x".repeat(90);

    @TempDir
    Path dir;
    private ClusterProcesses processes;
    private Path secret;
    private Role nameNode;
    private final List<Role> dataNodes = new ArrayList<>();
    private Role proxy;

    @AfterEach
    void stop() throws InterruptedException {
        processes.close();
    }

    private void startCluster(String... dataNodeFlags) throws Exception {
        processes = new ClusterProcesses(dir);
        secret = dir.resolve("secret");
        Files.writeString(secret, "rebalance-" + System.nanoTime() + "\n");
        nameNode = processes.start("namenode", "namenode", "--port", "0", "--data-dir", dir.resolve("nn").toString(),
                "--cluster-secret-file", secret.toString());
        for (int i = 1; i <= 3; i++) {
            dataNodes.add(startDataNode("datanode-" + i, dataNodeFlags));
            int expected = i;
            awaitStatus(s -> count(s, " up ") == expected && !s.contains("moving"), expected + " DataNodes up");
        }
        proxy = processes.start("proxy", "proxy", "--namenode", nameNode.address(), "--port", "0",
                "--cluster-secret-file", secret.toString());
    }

    private Role startDataNode(String name, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("datanode", "--namenode", nameNode.address(), "--port", "0",
                "--cluster-secret-file", secret.toString()));
        args.addAll(Arrays.asList(flags));
        return processes.start(name, args.toArray(String[]::new));
    }

    @Test
    void joinThenLeaveOnSigterm_underAWriter_everyKeyAndAcknowledgedWriteStays() throws Exception {
        startCluster();
        int keys = 100_000;
        load(keys);
        Writer writer = new Writer(proxy.port());
        writer.start();
        Thread.sleep(300);

        Role joiner = startDataNode("datanode-4");
        awaitStatus(s -> count(s, " up ") == 4 && !s.contains("moving") && !s.contains("joining"), "the joiner up");
        long onJoiner = dbSize(joiner);
        System.out.printf("join 3 -> 4: %d of %d keys moved to the joiner (%.1f%%, ideal 25%%)%n", onJoiner, keys,
                100.0 * onJoiner / keys);
        assertThat((double) onJoiner / keys).as("the joiner's share after the join").isBetween(0.15, 0.35);

        Role first = dataNodes.getFirst();
        first.process().destroy(); // SIGTERM: a cache-mode DataNode hands its ranges over, then exits
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("the leaver exited").isTrue();
        awaitStatus(s -> count(s, " up ") == 3 && !s.contains(first.address()) && !s.contains("moving"),
                "the leaver gone");
        writer.stop();

        System.out.printf("writer during join and leave: %d writes, %d errors, p99 %.2f ms, max %.2f ms%n",
                writer.count(), writer.errors(), writer.percentile(0.99), writer.percentile(1.0));
        assertThat(writer.failure.get()).as("the writer's connection").isNull();
        assertThat(writer.errors()).as("writes that failed: %s", writer.errorReplies).isZero();
        verifyLoaded(keys, Set.of());
        writer.verify(proxy.port());
        long total = keys + writer.keys();
        long sum = 0;
        for (Role d : List.of(dataNodes.get(1), dataNodes.get(2), joiner)) {
            sum += dbSize(d);
        }
        assertThat(sum).as("keys held by the three members").isEqualTo(total);
        assertThat((double) dbSize(joiner) / total).as("the joiner's share after the leave").isBetween(0.22, 0.45);
    }

    @Test
    void nameNodeRestartedMidMove_moveCompletesAndNothingIsLost() throws Exception {
        startCluster("--move-rate", "256kb");
        int keys = 60_000;
        load(keys);
        Role joiner = startDataNode("datanode-4", "--move-rate", "256kb");
        awaitStatus(s -> s.contains("moving from"), "a move in flight");
        nameNode.process().destroyForcibly();
        nameNode.process().waitFor(10, TimeUnit.SECONDS);
        nameNode = processes.start("namenode-again", "namenode", "--port", Integer.toString(nameNode.port()),
                "--data-dir", dir.resolve("nn").toString(), "--cluster-secret-file", secret.toString());
        awaitStatus(s -> count(s, " up ") == 4 && !s.contains("moving"), "the move done after the restart");
        verifyLoaded(keys, Set.of());
        assertThat(dbSize(joiner)).as("keys on the joiner").isGreaterThan(keys / 8);
    }

    @Test
    void targetKilledMidMove_sourcesKeepEverything() throws Exception {
        startCluster("--move-rate", "256kb");
        int keys = 60_000;
        load(keys);
        Role joiner = startDataNode("datanode-4");
        awaitStatus(s -> s.contains("moving from"), "a move in flight");
        joiner.process().destroyForcibly();
        awaitStatus(s -> s.contains(joiner.address() + " ") && s.contains(" dead ") && !s.contains("moving"),
                "the move called off");
        verifyLoaded(keys, Set.of());
    }

    @Test
    void sourceKilledMidMove_joinCompletes_andOnlyTheSourcesKeysAreGone() throws Exception {
        startCluster("--move-rate", "256kb");
        int keys = 60_000;
        load(keys);
        Role source = dataNodes.getFirst();
        Set<String> onSource = new HashSet<>();
        try (Resp direct = new Resp(source.port())) {
            for (Object k : (List<?>) direct.call("KEYS", "*")) {
                onSource.add((String) k);
            }
        }
        Role joiner = startDataNode("datanode-4");
        awaitStatus(s -> s.contains("moving from"), "a move in flight");
        source.process().destroyForcibly();
        awaitStatus(s -> count(s, " up ") == 3 && s.contains(" dead ") && !s.contains("moving")
                && !s.contains("joining"), "the join done without the dead source");
        verifyLoaded(keys, onSource);
        assertThat(dbSize(joiner)).isPositive();

        // chkv leave takes a member out from outside: its ranges first, then the node exits
        Role leaver = dataNodes.get(1);
        ClusterProcesses.Run leave = ClusterProcesses.run("leave", "--namenode", nameNode.address(),
                "--node", leaver.address(), "--cluster-secret-file", secret.toString());
        assertThat(leave.exit()).as(leave.output()).isZero();
        assertThat(leave.output()).contains(leaver.address() + " left the cluster");
        assertThat(leaver.process().waitFor(30, TimeUnit.SECONDS)).as("the node that left exited").isTrue();
        assertThat(status()).doesNotContain(leaver.address());
        verifyLoaded(keys, onSource);
        ClusterProcesses.Run unknown = ClusterProcesses.run("leave", "--namenode", nameNode.address(),
                "--node", leaver.address(), "--cluster-secret-file", secret.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.output()).contains("is not a member");
    }

    private String status() throws Exception {
        ClusterProcesses.Run run = ClusterProcesses.run("status", "--namenode", nameNode.address(),
                "--cluster-secret-file", secret.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        return run.output();
    }

    /** Loads {@code key:0..n-1} through the proxy, a thousand at a time. */
    private void load(int n) throws Exception {
        try (Resp client = new Resp(proxy.port())) {
            for (int from = 0; from < n; from += 1_000) {
                List<String> args = new ArrayList<>(List.of("MSET"));
                for (int i = from; i < Math.min(n, from + 1_000); i++) {
                    args.add("key:" + i);
                    args.add(VALUE + i);
                }
                assertThat(client.call(args.toArray(String[]::new))).isEqualTo("OK");
            }
        }
    }

    /** Every loaded key but those in {@code lost} reads back through the proxy. */
    private void verifyLoaded(int n, Set<String> lost) throws Exception {
        try (Resp client = new Resp(proxy.port())) {
            for (int from = 0; from < n; from += 1_000) {
                List<String> args = new ArrayList<>(List.of("MGET"));
                for (int i = from; i < Math.min(n, from + 1_000); i++) {
                    args.add("key:" + i);
                }
                List<?> values = (List<?>) client.call(args.toArray(String[]::new));
                for (int i = from; i < Math.min(n, from + 1_000); i++) {
                    if (!lost.contains("key:" + i)) {
                        assertThat(values.get(i - from)).as("key:%d", i).isEqualTo(VALUE + i);
                    }
                }
            }
        }
    }

    private static long dbSize(Role node) throws Exception {
        try (Resp direct = new Resp(node.port())) {
            return (Long) direct.call("DBSIZE");
        }
    }

    private String awaitStatus(Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
            ClusterProcesses.Run run = ClusterProcesses.run("status", "--namenode", nameNode.address(),
                    "--cluster-secret-file", secret.toString(), "--timeout-ms", "2000");
            last = run.output();
            if (run.exit() == 0 && condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("status never showed " + what + "; last:\n" + last);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Writes w:0..999 round and round through the proxy, keeping the last acknowledged value and each latency. */
    private static final class Writer {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        private final AtomicLong errors = new AtomicLong();
        private final Set<String> errorReplies = ConcurrentHashMap.newKeySet();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final long[] latencies = new long[2_000_000];
        private int count;
        private Thread thread;

        Writer(int port) {
            this.port = port;
        }

        void start() {
            thread = Thread.ofPlatform().start(() -> {
                try (Resp client = new Resp(port)) {
                    for (long n = 0; running.get() && count < latencies.length; n++) {
                        String key = "w:" + (n % 1_000);
                        long start = System.nanoTime();
                        Object reply = client.call("SET", key, Long.toString(n));
                        latencies[count++] = System.nanoTime() - start;
                        if ("OK".equals(reply)) {
                            acknowledged.put(key, n);
                        } else {
                            errors.incrementAndGet();
                            errorReplies.add(String.valueOf(reply));
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        long count() {
            return count;
        }

        long errors() {
            return errors.get();
        }

        int keys() {
            return acknowledged.size();
        }

        double percentile(double p) {
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }

        /** Every acknowledged write reads back as its last value. */
        void verify(int proxyPort) throws Exception {
            try (Resp client = new Resp(proxyPort)) {
                for (var e : acknowledged.entrySet()) {
                    assertThat(client.call("GET", e.getKey())).as(e.getKey()).isEqualTo(Long.toString(e.getValue()));
                }
            }
        }
    }
}
