package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;

/** {@code chkv local-cluster --transport-option}: every process it starts gets the options, and a bad one starts none. */
class LocalClusterCommandTest {
    private static final Map<String, String> OPTIONS = Map.of("netty.io", "nio", "netty.write-buffer-high", "131072");

    @TempDir
    Path dir;

    @Test
    void childCommandLines_eachRoleParsesTheTransportOptionsGiven() {
        LocalClusterCommand command = new LocalClusterCommand();
        new CommandLine(command).parseArgs("--port", "0", "--dir", dir.toString(), "--move-rate", "1mb",
                "--transport-option", "netty.io=nio", "--transport-option", "netty.write-buffer-high=131072");
        command.secret = dir.resolve("secret");
        command.nameNode = "127.0.0.1:7370";

        for (List<String> args : List.of(command.nameNodeArgs(), command.dataNodeArgs(1), command.dataNodeArgs(4),
                command.proxyArgs())) {
            // as the child's own command line reads them
            CommandLine.ParseResult role = Main.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
            assertThat(role.matchedOptionValue("--transport-option", Map.<String, String>of())).as(args.toString())
                    .isEqualTo(OPTIONS);
        }
        assertThat(command.dataNodeArgs(4)).containsSubsequence("--move-rate", "1048576");
    }

    @Test
    void childCommandLines_withoutTransportOptions_haveNone() {
        LocalClusterCommand command = new LocalClusterCommand();
        new CommandLine(command).parseArgs("--port", "0", "--dir", dir.toString());
        command.secret = dir.resolve("secret");
        command.nameNode = "127.0.0.1:7370";

        assertThat(List.of(command.nameNodeArgs(), command.dataNodeArgs(1), command.proxyArgs()))
                .allSatisfy(args -> assertThat(args).doesNotContain("--transport-option"));
    }

    @Test
    void transportOptionBogus_exitsNonZeroWithTheTransportsError_beforeStartingAnything() throws Exception {
        Path clusterDir = dir.resolve("cluster");
        ChkvProcess.Run run = ChkvProcess.run("local-cluster", "--port", "0", "--datanodes", "1",
                "--dir", clusterDir.toString(), "--transport-option", "netty.io=bogus");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("local-cluster: I/O API: bogus (expected: auto, io_uring, epoll or nio)"
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
        assertThat(Files.exists(clusterDir)).as("no directory, so no process started").isFalse();
    }

    @Test
    @Tag("slow")
    void transportOptionNio_everyProcessStartedRunsWithIt_andTheProxyServes() throws Exception {
        try (ChkvProcess cluster = ChkvProcess.start(dir.resolve("local-cluster.log"), "local-cluster",
                "--port", "0", "--datanodes", "1", "--dir", dir.resolve("cluster").toString(),
                "--transport-option", "netty.io=nio")) {
            String proxy = cluster.printed().get(2);
            assertThat(proxy).as(cluster.printed().toString()).matches("proxy 127\\.0\\.0\\.1:\\d+");
            try (Jedis jedis = new Jedis("127.0.0.1", Integer.parseInt(proxy.substring(proxy.lastIndexOf(':') + 1)),
                    10_000)) {
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
                assertThat(jedis.get("k")).isEqualTo("v");
            }
            List<ProcessHandle> children = cluster.process().children().toList();
            assertThat(children).as("namenode, datanode, proxy").hasSize(3);
            for (ProcessHandle child : children) {
                assertThat(child.info().arguments()).as("pid %d", child.pid()).hasValueSatisfying(args ->
                        assertThat(List.of(args)).containsSubsequence("--transport-option", "netty.io=nio"));
            }
            // each role's log: picocli's usage error, had one of them refused the option
            for (String log : List.of("namenode.log", "datanode-1.log", "proxy.log")) {
                assertThat(Files.readString(dir.resolve("cluster").resolve(log))).as(log).doesNotContain("Unknown option");
            }
        }
    }
}
