package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's own answers; add, leave and status against real processes are chkv.dist's LocalClusterConsoleTest. */
class LocalClusterConsoleTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> nodes = List.of("127.0.0.1:7380", "127.0.0.1:7381");
    private final List<String> calls = new ArrayList<>();
    private Process stopped;

    private final LocalClusterConsole.Cluster cluster = new LocalClusterConsole.Cluster() {
        @Override
        public String addDataNode() {
            calls.add("add");
            return "127.0.0.1:7382";
        }

        @Override
        public List<String> dataNodes() {
            return nodes;
        }

        @Override
        public Process expectExit(String address) {
            calls.add("expectExit " + address);
            return stopped;
        }
    };

    private void run(String input) throws InterruptedException {
        run(new BufferedReader(new StringReader(input)));
    }

    private void run(BufferedReader input) throws InterruptedException {
        // no transport: none of these inputs may reach the NameNode
        new LocalClusterConsole(cluster, null, new InetSocketAddress("127.0.0.1", 7370), new ClusterSecret(),
                new PrintWriter(out), new PrintWriter(err), false).run(input);
    }

    @Test
    void run_unknownCommand_answersWithOneLine_andReadsOn() throws InterruptedException {
        run("bogus arg\n\nhelp\n");

        assertThat(err.toString()).isEqualTo(
                "local-cluster: unknown command 'bogus' (expected: add, leave N, status or help)" + System.lineSeparator());
        assertThat(out.toString()).isEqualTo(LocalClusterConsole.HELP + System.lineSeparator());
    }

    @Test
    void run_leaveOfNoSuchDataNode_listsTheOnesThatExist_andTouchesNone() throws InterruptedException {
        run("leave 3\nleave 0\nleave 127.0.0.1:9999\nleave\nleave 1 2\n");

        assertThat(err.toString().lines().toList()).containsExactly(
                "local-cluster: no DataNode 3 (expected: 1 to 2)",
                "local-cluster: no DataNode 0 (expected: 1 to 2)",
                "local-cluster: no DataNode at 127.0.0.1:9999 (expected: one of 127.0.0.1:7380, 127.0.0.1:7381)",
                "local-cluster: leave takes one DataNode (expected: leave N or leave HOST:PORT)",
                "local-cluster: leave takes one DataNode (expected: leave N or leave HOST:PORT)");
        assertThat(calls).isEmpty();
    }

    @Test
    void run_leaveOfAStoppedDataNode_saysSo() throws Exception {
        stopped = new ProcessBuilder("true").start();
        stopped.waitFor();

        run("leave 2\nLEAVE 127.0.0.1:7380\n");

        assertThat(calls).containsExactly("expectExit 127.0.0.1:7381", "expectExit 127.0.0.1:7380");
        assertThat(err.toString().lines().toList()).containsExactly(
                "local-cluster: DataNode 127.0.0.1:7381 is stopped already",
                "local-cluster: DataNode 127.0.0.1:7380 is stopped already");
    }

    @Test
    void run_inputThatFails_endsLikeItsEnd() throws InterruptedException {
        run(new BufferedReader(new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("Stream closed");
            }

            @Override
            public void close() {
            }
        }));

        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }
}
