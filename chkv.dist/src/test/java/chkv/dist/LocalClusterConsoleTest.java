package chkv.dist;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.dist.ClusterProcesses.Role;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A join and a leave started from the command line, as a user watches them through a pipe: plain
 * progress lines and a final line, while every key stays readable through the proxy.
 */
@Tag("slow")
class LocalClusterConsoleTest {
    private static final String VALUE = "v".repeat(100);
    private static final int KEYS = 20_000;
    private static final Pattern JOINED = Pattern.compile("joined: (\\d+) keys \\(\\S+\\) received in [\\d.]+ s");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<ProcessHandle> children = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        children.forEach(ProcessHandle::destroyForcibly);
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void localCluster_addAndLeaveFromItsInput_showProgress_keepEveryKey_andTheInputsEndStopsNothing() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("../chkv", "local-cluster", "--port", "0", "--datanodes", "2",
                "--move-rate", "256kb", "--dir", dir.resolve("c").toString())
                .redirectError(dir.resolve("local-cluster.err").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1");
        Process cluster = pb.start();
        processes.add(cluster);
        Lines out = new Lines(cluster);
        OutputStream in = cluster.getOutputStream();
        out.await("ready"::equals, 60);
        List<String> nodes = out.seen.stream().filter(l -> l.startsWith("datanode ")).map(l -> l.substring(9)).toList();
        assertThat(nodes).hasSize(2);
        int proxy = port(out.seen.stream().filter(l -> l.startsWith("proxy ")).findFirst().orElseThrow());
        load(proxy);

        command(in, "bogus");
        command(in, "add");
        String added = out.await(l -> l.matches("datanode 127\\.0\\.0\\.1:\\d+"), 60).substring(9);
        String joined = out.await(l -> l.startsWith("joined: "), 60);
        children.addAll(cluster.descendants().toList());
        List<String> joinLines = out.since("datanode " + added);
        assertThat(joinLines).as("progress before the final line").anyMatch(l -> l.matches(
                "joining " + Pattern.quote(added) + ": +(\\?|\\d+)% \\d+ keys \\(\\S+\\) received, .*"));
        assertThat(joinLines).noneMatch(l -> l.contains("\r"));
        Matcher m = JOINED.matcher(joined);
        assertThat(m.matches()).as(joined).isTrue();
        long received = Long.parseLong(m.group(1));
        assertThat(received).as("keys the joiner holds").isEqualTo(dbSize(port(added)));
        assertThat((double) received / KEYS).as("the joiner's share").isBetween(0.15, 0.5);
        assertEstimatesCover(joinLines, "received", received);
        verify(proxy);
        command(in, "status");
        out.await(l -> l.matches("epoch \\d+ \\(cache mode, 1 replica, 3 members\\)"), 30);
        command(in, "help"); // answered after the status's last line
        String help = out.await(l -> l.startsWith("commands: add"), 30);

        long onFirst = dbSize(port(nodes.getFirst()));
        command(in, "leave 1");
        String left = out.await(l -> l.startsWith(nodes.getFirst() + " left the cluster: "), 60);
        out.await(("datanode " + nodes.getFirst() + " stopped")::equals, 60);
        List<String> leaveLines = out.seen.subList(out.seen.indexOf(help) + 1, out.seen.indexOf(left));
        assertThat(leaveLines).as("progress of the leave").isNotEmpty()
                .allMatch(l -> l.startsWith("leaving " + nodes.getFirst() + ": "));
        assertThat(left).startsWith(nodes.getFirst() + " left the cluster: " + onFirst + " keys (");
        assertEstimatesCover(leaveLines, "sent", onFirst);
        verify(proxy);
        assertThat(Files.readString(dir.resolve("local-cluster.err"))).contains(
                "local-cluster: unknown command 'bogus' (expected: add, leave N, status or help)");

        in.close(); // the end of the input: the cluster goes on
        Thread.sleep(1_000);
        assertThat(cluster.isAlive()).as("local-cluster after its input ended").isTrue();
        try (Resp client = new Resp(proxy)) {
            assertThat(client.call("GET", "key:7")).isEqualTo(VALUE + 7);
        }

        cluster.destroy(); // SIGTERM
        assertThat(cluster.waitFor(20, TimeUnit.SECONDS)).as("local-cluster stopped").isTrue();
        assertThat(children).as("namenode, 3 datanodes, proxy").hasSize(5);
        for (ProcessHandle child : children) {
            assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("pid %d left behind", child.pid()).isFalse();
        }
    }

    @Test
    void readme_describesTheseCommands() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
        assertThat(readme).contains("While it runs, it reads commands on its standard input, one per line: `add` "
                + "starts one more DataNode and shows its join's progress, `leave N` has DataNode N (in the order "
                + "listed) hand its keys over and stop, `status` prints what `chkv status` prints, `help`; the end "
                + "of the input stops nothing.");
        assertThat(readme).contains("after its `ready on` line it shows the join's progress, a bar on a terminal "
                + "and plain lines otherwise, then `joined: N keys (SIZE) received in T s`.");
    }

    @Test
    void datanode_joiningAClusterThatHoldsKeys_printsPlainProgressThenAFinalLineAfterItsReadyLine() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            Path secret = dir.resolve("secret");
            Files.writeString(secret, "console-" + System.nanoTime() + "\n");
            Role nameNode = cluster.start("namenode", "namenode", "--port", "0", "--data-dir",
                    dir.resolve("nn").toString(), "--cluster-secret-file", secret.toString());
            for (int i = 1; i <= 2; i++) {
                cluster.start("datanode-" + i, "datanode", "--namenode", nameNode.address(), "--port", "0",
                        "--move-rate", "256kb", "--cluster-secret-file", secret.toString());
            }
            Role proxy = cluster.start("proxy", "proxy", "--namenode", nameNode.address(), "--port", "0",
                    "--cluster-secret-file", secret.toString());
            load(proxy.port());

            ProcessBuilder pb = new ProcessBuilder("../chkv", "datanode", "--namenode", nameNode.address(), "--port",
                    "0", "--cluster-secret-file", secret.toString())
                    .redirectError(dir.resolve("joiner.log").toFile());
            pb.environment().put("CHKV_NO_BUILD", "1");
            Process joiner = pb.start();
            processes.add(joiner);
            Lines out = new Lines(joiner);
            String ready = out.await(l -> l.contains("ready on "), 30);
            String joined = out.await(l -> l.startsWith("joined: "), 60);

            String self = ready.replaceAll(".*ready on (\\S+) .*", "$1");
            assertThat(out.seen.subList(0, out.seen.indexOf(ready))).as("before the ready line")
                    .noneMatch(l -> l.startsWith("join"));
            List<String> progress = out.seen.subList(out.seen.indexOf(ready) + 1, out.seen.indexOf(joined));
            assertThat(progress).as("lines between ready and joined").isNotEmpty()
                    .allMatch(l -> l.startsWith("joining " + self + ": ") && !l.contains("\r"))
                    .anyMatch(l -> l.matches(".*: +(\\?|\\d+)% \\d+ keys \\(\\S+\\) received, .*"));
            Matcher m = JOINED.matcher(joined);
            assertThat(m.matches()).as(joined).isTrue();
            assertThat(Long.parseLong(m.group(1))).as("keys the joiner holds").isEqualTo(dbSize(port(self)));
            verify(proxy.port());
        }
    }

    @Test
    void datanode_standalone_printsItsReadyLineAndNothingMore() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("../chkv", "datanode", "--standalone", "--port", "0")
                .redirectError(dir.resolve("standalone.log").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1");
        Process node = pb.start();
        processes.add(node);
        Lines out = new Lines(node);
        String ready = out.await(l -> l.contains("ready on "), 30);
        try (Resp client = new Resp(port(ready.replaceAll(".*ready on (\\S+) .*", "$1")))) {
            assertThat(client.call("SET", "k", "v")).isEqualTo("OK");
        }

        node.destroy(); // SIGTERM
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).as("stopped").isTrue();
        assertThat(out.rest(5)).as("printed after the ready line").isEmpty();
    }

    /**
     * Keys done plus the sources' estimate of keys left come near the keys that moved in the end:
     * an estimate once scaled to the whole ring instead of the source's own share made a bar
     * reach 100% at a third of a join and a quarter of a leave.
     */
    private static void assertEstimatesCover(List<String> lines, String verb, long moved) {
        Pattern counts = Pattern.compile(".*% (\\d+) keys \\(\\S+\\) " + verb + ", (\\d+) keys.*");
        for (String line : lines) {
            Matcher c = counts.matcher(line);
            if (c.matches()) {
                assertThat(Long.parseLong(c.group(1)) + Long.parseLong(c.group(2))).as(line)
                        .isGreaterThanOrEqualTo(Math.round(moved * 0.8));
            }
        }
    }

    private static void command(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static long dbSize(int port) throws Exception {
        try (Resp direct = new Resp(port)) {
            return (Long) direct.call("DBSIZE");
        }
    }

    private static void load(int proxy) throws Exception {
        try (Resp client = new Resp(proxy)) {
            for (int from = 0; from < KEYS; from += 1_000) {
                List<String> args = new ArrayList<>(List.of("MSET"));
                for (int i = from; i < from + 1_000; i++) {
                    args.add("key:" + i);
                    args.add(VALUE + i);
                }
                assertThat(client.call(args.toArray(String[]::new))).isEqualTo("OK");
            }
        }
    }

    private static void verify(int proxy) throws Exception {
        try (Resp client = new Resp(proxy)) {
            for (int from = 0; from < KEYS; from += 1_000) {
                List<String> args = new ArrayList<>(List.of("MGET"));
                for (int i = from; i < from + 1_000; i++) {
                    args.add("key:" + i);
                }
                List<?> values = (List<?>) client.call(args.toArray(String[]::new));
                for (int i = from; i < from + 1_000; i++) {
                    assertThat(values.get(i - from)).as("key:%d", i).isEqualTo(VALUE + i);
                }
            }
        }
    }

    /** A process's standard output, line by line, read as it comes. */
    private static final class Lines {
        /** Stands for the end of the output; no process prints a NUL line. */
        private static final String END = "\0";
        final List<String> seen = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();

        Lines(Process p) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                reader.lines().forEach(fresh::add);
                fresh.add(END);
            });
        }

        /** @return the first line from now on that matches, within {@code seconds} */
        String await(Predicate<String> match, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String line = fresh.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == END) {
                    throw new AssertionError("the output ended; seen:\n" + String.join("\n", seen));
                }
                if (line != null) {
                    seen.add(line);
                    if (match.test(line)) {
                        return line;
                    }
                }
            }
            throw new AssertionError("no such line within " + seconds + " s; seen:\n" + String.join("\n", seen));
        }

        /** @return the lines not awaited yet, once the output ends (within {@code seconds}) */
        List<String> rest(long seconds) throws InterruptedException {
            List<String> rest = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            String line;
            while ((line = fresh.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null
                    && !line.equals(END)) {
                rest.add(line);
            }
            return rest;
        }

        /** @return the lines seen after {@code line}, empty when it was not seen */
        List<String> since(String line) {
            int at = seen.indexOf(line);
            return at < 0 ? List.of() : List.copyOf(seen.subList(at + 1, seen.size()));
        }
    }
}
