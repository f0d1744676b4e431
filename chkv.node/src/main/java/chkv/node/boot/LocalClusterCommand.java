package chkv.node.boot;

import chkv.api.spi.Transport;
import chkv.cluster.ClusterMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chkv local-cluster}: a NameNode, DataNodes and a proxy as separate processes of this
 * same runtime on loopback, sharing a fresh random cluster secret. Prints each endpoint and then
 * {@code ready}, then takes {@link LocalClusterConsole}'s commands from its standard input;
 * SIGTERM or Ctrl-C stops every process it started.
 */
@Command(name = "local-cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a NameNode, DataNodes and a proxy on loopback as separate processes; "
                + "redis-cli -p <proxy port> then works. Ctrl-C stops them all.",
                "While it runs, it reads commands from its standard input, one per line: add (one more "
                + "DataNode, with its join's progress), leave N (DataNode N, as listed, or HOST:PORT hands its "
                + "keys over and stops), status (as chkv status), help. The end of the input stops nothing."})
final class LocalClusterCommand implements Callable<Integer>, LocalClusterConsole.Cluster {
    private static final Pattern READY = Pattern.compile("ready on (\\S+):(\\d+)");
    private static final long START_TIMEOUT_MS = 60_000;

    @Option(names = "--datanodes", paramLabel = "N", defaultValue = "3",
            description = "DataNodes to start (default: ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7379",
            description = "The proxy's port (default: ${DEFAULT-VALUE}); the NameNode takes PORT-9 and the "
                    + "DataNodes PORT+1 on. 0 lets every process pick a free port.")
    int port;

    @Option(names = "--store", paramLabel = "NAME", defaultValue = "heap",
            description = "The DataNodes' store (default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".chkv/local-cluster",
            description = "Where the processes' logs and the NameNode's data go, emptied at start "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--move-rate", paramLabel = "BYTES", converter = ByteSize.class,
            description = "The DataNodes' --move-rate: the most bytes per second each sends when ranges move "
                    + "(default: the DataNode's).")
    Long moveRate;

    /** Given to every process started, and to this one's own transport. */
    @Mixin
    TransportOptions transportOptions = new TransportOptions();

    private final List<Process> started = new CopyOnWriteArrayList<>();
    /** The DataNodes by address, in the order printed. */
    private final Map<String, Process> dataNodeProcesses = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<Process> expectedExits = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    /** The cluster secret's file, set at start. */
    Path secret;
    /** The NameNode's HOST:PORT, set once it is ready. */
    String nameNode;

    @Override
    public Integer call() throws Exception {
        if (dataNodes < 1 || port < 0 || (port > 0 && (port < 10 || port + dataNodes > 65_535))) {
            throw new IllegalArgumentException("--datanodes " + dataNodes + " --port " + port
                    + " (expected: at least 1 DataNode, ports within 1-65535, or port 0)");
        }
        // this process's own transport first: a bad transport option fails here, before anything starts
        Transport transport = Providers.transports().get("netty").create(transportOptions.config(0)
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION));
        try {
            run(transport);
        } finally {
            transport.close();
        }
        return 0;
    }

    /** Starts the processes, then takes the console's commands until SIGTERM or Ctrl-C. */
    private void run(Transport transport) throws Exception {
        secret = LocalClusterDir.prepare(dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stopAll();
            stopped.countDown();
        }, "chkv-local-cluster-stop"));
        try {
            nameNode = start("namenode", nameNodeArgs());
            System.out.println("namenode " + nameNode);
            for (int i = 0; i < dataNodes; i++) {
                addDataNode();
            }
            String proxy = start("proxy", proxyArgs());
            System.out.println("proxy " + proxy);
            System.out.println("ready");
            System.out.flush();
        } catch (IOException | RuntimeException e) {
            stopAll();
            throw e;
        }
        // Runs until SIGTERM or Ctrl-C; a process that dies on its own is reported, the rest go on.
        for (Process p : started) {
            reportExit(p);
        }
        ClusterSecret clusterSecret = new ClusterSecret();
        clusterSecret.file = secret;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
        new LocalClusterConsole(this, transport, new HostPort().convert(nameNode), clusterSecret, out, err,
                MoveProgressView.onTerminal())
                .run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        stopped.await(); // the input may end at once (started in the background): the cluster goes on
    }

    /** @return the NameNode's command line, after the launcher */
    List<String> nameNodeArgs() {
        return withTransportOptions(List.of("namenode", "--port", portOf(-9),
                "--data-dir", dir.resolve("namenode").toString(), "--cluster-secret-file", secret.toString()));
    }

    /** @param n the DataNode's number, from 1 @return its command line, after the launcher */
    List<String> dataNodeArgs(int n) {
        List<String> args = new ArrayList<>(List.of("datanode", "--namenode", nameNode, "--port", portOf(n),
                "--store", store, "--cluster-secret-file", secret.toString()));
        if (moveRate != null) {
            args.addAll(List.of("--move-rate", Long.toString(moveRate)));
        }
        return withTransportOptions(args);
    }

    /** @return the proxy's command line, after the launcher */
    List<String> proxyArgs() {
        return withTransportOptions(List.of("proxy", "--namenode", nameNode, "--port", portOf(0),
                "--cluster-secret-file", secret.toString()));
    }

    private List<String> withTransportOptions(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(transportOptions.args());
        return all;
    }

    @Override
    public String addDataNode() throws IOException, InterruptedException {
        int n = dataNodeProcesses.size() + 1;
        if (port > 0 && port + n > 65_535) {
            throw new IllegalArgumentException("no port for DataNode " + n + ": " + (port + n)
                    + " (expected: at most 65535)");
        }
        String address = start("datanode-" + n, dataNodeArgs(n));
        Process p = started.getLast();
        dataNodeProcesses.put(address, p);
        System.out.println("datanode " + address);
        System.out.flush();
        if (n > dataNodes) {
            reportExit(p); // the first ones are watched once all are up
        }
        return address;
    }

    @Override
    public List<String> dataNodes() {
        synchronized (dataNodeProcesses) {
            return List.copyOf(dataNodeProcesses.keySet());
        }
    }

    @Override
    public Process expectExit(String address) {
        Process p = dataNodeProcesses.get(address);
        expectedExits.add(p);
        return p;
    }

    private void reportExit(Process p) {
        p.onExit().thenAccept(exited -> {
            if (!stopping && !expectedExits.contains(exited)) {
                System.err.println("local-cluster: pid " + exited.pid() + " exited with " + exited.exitValue()
                        + " (logs in " + dir + ")");
            }
        });
    }

    /** @return the port at {@code offset} from the proxy's, or 0 (a free one) when the proxy's is 0 */
    private String portOf(int offset) {
        return Integer.toString(port == 0 ? 0 : port + offset);
    }

    /** Starts this runtime with {@code args}; @return the HOST:PORT its ready line names */
    private String start(String name, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(selfCommand());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve(name + ".log").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1"); // the image this process runs from is the one to use
        Process p;
        synchronized (started) {
            if (stopping) {
                throw new IllegalStateException("stopping");
            }
            p = pb.start();
            started.add(p);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                // keep draining what it prints, so a full pipe never blocks it
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return m.group(1) + ":" + m.group(2);
            }
        }
        throw new IllegalStateException(name + " did not start (see " + dir.resolve(name + ".log") + ")");
    }

    /**
     * The launcher this process was started by, which picks each role's JVM options; without one,
     * the java, JVM options and main module this process runs with.
     */
    private static List<String> selfCommand() {
        String launcher = System.getenv("CHKV_LAUNCHER");
        if (launcher != null && Files.isExecutable(Path.of(launcher))) {
            return List.of(launcher);
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        String java = info.command().orElseThrow(() -> new IllegalStateException("cannot tell which java runs this"));
        List<String> args = List.of(info.arguments().orElseThrow(
                () -> new IllegalStateException("cannot read this process's arguments")));
        int main = args.indexOf("chkv.node/chkv.node.boot.Main");
        if (main < 1 || !args.get(main - 1).equals("-m")) {
            throw new IllegalStateException("local-cluster runs from the chkv launcher (expected: -m chkv.node/chkv.node.boot.Main)");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(args.subList(0, main + 1));
        return command;
    }

    private void stopAll() {
        List<Process> reversed;
        synchronized (started) { // no process starts after this
            reversed = new ArrayList<>(started);
        }
        java.util.Collections.reverse(reversed); // the proxy first, the NameNode last
        for (Process p : reversed) {
            p.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Process p : reversed) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
