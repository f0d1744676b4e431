package chkv.node.boot;

import chkv.api.spi.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The commands {@code chkv local-cluster} reads from its standard input while it runs, one per
 * line: {@code add}, {@code leave N}, {@code status}, {@code help}. The end of the input ends
 * only the commands, never the cluster.
 */
final class LocalClusterConsole {
    static final String HELP = "commands: add (one more DataNode, joining with its share of the keys), "
            + "leave N|HOST:PORT (DataNode N hands its keys over and stops), status, help";
    private static final long LEAVE_TIMEOUT_S = 3600;
    private static final long EXIT_WAIT_S = 60;

    /** What the console drives: the DataNodes of the running local cluster. */
    interface Cluster {
        /** Starts one more DataNode and prints its endpoint line. @return its address, HOST:PORT */
        String addDataNode() throws IOException, InterruptedException;

        /** @return every DataNode started, in the order printed: DataNode N is at index N-1 */
        List<String> dataNodes();

        /** @param address a DataNode's @return its process, to be told apart from one that died on its own */
        Process expectExit(String address);
    }

    private final Cluster cluster;
    private final Transport transport;
    private final InetSocketAddress nameNode;
    private final ClusterSecret secret;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;

    LocalClusterConsole(Cluster cluster, Transport transport, InetSocketAddress nameNode, ClusterSecret secret,
            PrintWriter out, PrintWriter err, boolean terminal) {
        this.cluster = cluster;
        this.transport = transport;
        this.nameNode = nameNode;
        this.secret = secret;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** Runs the commands of {@code in} until it ends. */
    void run(BufferedReader in) throws InterruptedException {
        String line;
        while ((line = readLine(in)) != null) {
            String[] words = line.strip().split("\\s+");
            try {
                switch (words[0].toLowerCase(Locale.ROOT)) {
                    case "" -> { }
                    case "add" -> add();
                    case "leave" -> leave(words);
                    case "status" -> StatusCommand.print(StatusCommand.query(transport, nameNode, secret, 5000), out);
                    case "help" -> out.println(HELP);
                    default -> err.println("local-cluster: unknown command '" + words[0] + "' (expected: add, "
                            + "leave N, status or help)");
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                err.println("local-cluster: " + line.strip() + ": " + e.getMessage());
            }
            out.flush();
            err.flush();
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null; // a closed input ends the commands as its end does
        }
    }

    private void add() throws Exception {
        // subscribed before the node starts, so even a fast hand-over is seen
        try (JoinWatch watch = JoinWatch.start(transport, nameNode, secret.bytes())) {
            String address = cluster.addDataNode();
            watch.follow(address, new MoveProgressView(out, terminal, "joining " + address, "received",
                    System::nanoTime));
        }
    }

    private void leave(String[] words) throws Exception {
        if (words.length != 2) {
            err.println("local-cluster: leave takes one DataNode (expected: leave N or leave HOST:PORT)");
            return;
        }
        List<String> nodes = cluster.dataNodes();
        String address = words[1];
        if (words[1].matches("\\d+")) {
            int n = Integer.parseInt(words[1]);
            if (n < 1 || n > nodes.size()) {
                err.println("local-cluster: no DataNode " + n + " (expected: 1 to " + nodes.size() + ")");
                return;
            }
            address = nodes.get(n - 1);
        } else if (!nodes.contains(address)) {
            err.println("local-cluster: no DataNode at " + address + " (expected: one of " + String.join(", ", nodes) + ")");
            return;
        }
        Process process = cluster.expectExit(address);
        if (!process.isAlive()) {
            err.println("local-cluster: DataNode " + address + " is stopped already");
            return;
        }
        if (LeaveCommand.leave(transport, nameNode, secret.bytes(), address, LEAVE_TIMEOUT_S, out, err, terminal) != 0) {
            return;
        }
        if (process.waitFor(EXIT_WAIT_S, TimeUnit.SECONDS)) {
            out.println("datanode " + address + " stopped");
        } else {
            err.println("local-cluster: DataNode " + address + " left but still runs after " + EXIT_WAIT_S + " s");
        }
    }
}
