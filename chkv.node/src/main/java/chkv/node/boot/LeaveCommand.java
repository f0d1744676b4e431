package chkv.node.boot;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Member;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chkv leave}: takes a DataNode out of the cluster after it has handed every range to its
 * next owners, showing the hand-over as a bar on a terminal and as plain lines otherwise.
 */
@Command(name = "leave", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Takes a DataNode out of the cluster: it first hands every range to the next owners, "
                + "while it keeps serving. Exits with 0 once it is out, 1 when refused or not done in time.")
final class LeaveCommand implements Callable<Integer> {
    private static final long POLL_MS = 500;
    private static final int BAR = 30;

    @Option(names = "--namenode", paramLabel = "HOST:PORT", converter = HostPort.class, required = true,
            description = "The NameNode's control address.")
    InetSocketAddress nameNode;

    @Option(names = "--node", paramLabel = "HOST:PORT", required = true,
            description = "The DataNode to take out, by its RESP address as `chkv status` lists it.")
    String node;

    @Option(names = "--timeout-s", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long to wait for the hand-over (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    ClusterSecret clusterSecret = new ClusterSecret();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TransportConfig config = TransportConfig.defaults()
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION);
        Transport transport = Providers.transports().get("netty").create(config);
        CompletableFuture<ClusterMessage.Left> left = new CompletableFuture<>();
        Progress progress = new Progress(out, System.console() != null);
        try {
            ControlClient client = ControlClient.connect(transport, nameNode, "admin",
                    new ClusterAuth(clusterSecret.bytes()), message -> {
                        switch (message) {
                            case ClusterMessage.Left l -> left.complete(l);
                            case ClusterMessage.Refused r -> left.completeExceptionally(
                                    new IllegalStateException("refused: " + r.reason()));
                            case ClusterMessage.Status s -> progress.show(s, node);
                            default -> { }
                        }
                    }, () -> left.completeExceptionally(new IllegalStateException(
                            "NameNode " + nameNode.getHostString() + ":" + nameNode.getPort() + " closed the connection")))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            try {
                client.send(new ClusterMessage.Leave(node));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                while (!left.isDone()) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("the hand-over of " + node + " did not finish within "
                                + timeoutSeconds + " s; it goes on, see chkv status");
                    }
                    client.send(new ClusterMessage.StatusRequest());
                    try {
                        left.get(POLL_MS, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // not yet: ask for progress again
                    }
                }
                ClusterMessage.Left done = left.get();
                progress.finish();
                out.printf("%s left the cluster; epoch %d has %d members%n", node, done.topology().epoch(),
                        done.topology().members().size());
                out.flush();
                return 0;
            } finally {
                client.close();
            }
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            progress.finish();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("leave: " + cause.getMessage());
            err.flush();
            return 1;
        } finally {
            transport.close();
        }
    }

    /** Draws the hand-over of one member: a bar redrawn in place on a terminal, a line every few seconds otherwise. */
    static final class Progress {
        private final PrintWriter out;
        private final boolean terminal;
        private long lastLineNanos;
        private boolean drawn;

        Progress(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(ClusterMessage.Status status, String memberId) {
            ClusterMessage.MoveStatus move = status.moves().stream()
                    .filter(m -> m.memberId().equals(memberId)).findFirst().orElse(null);
            boolean leaving = status.topology().member(memberId).map(Member::state)
                    .map(s -> s.word().equals("leaving")).orElse(false);
            if (move == null && !leaving) {
                return;
            }
            String line = move == null ? memberId + ": leaving, waiting for the hand-over to start"
                    : line(move);
            if (terminal) {
                out.print("\r" + line + "   ");
                drawn = true;
                out.flush();
            } else if (System.nanoTime() - lastLineNanos >= TimeUnit.SECONDS.toNanos(2)) {
                lastLineNanos = System.nanoTime();
                out.println(line);
                out.flush();
            }
        }

        static String line(ClusterMessage.MoveStatus m) {
            long total = m.keysLeft() < 0 ? -1 : m.keysSent() + m.keysLeft();
            double done = m.done() ? 1 : total <= 0 ? 0 : (double) m.keysSent() / total;
            int filled = (int) Math.round(done * BAR);
            return String.format(Locale.ROOT, "[%s%s] %3.0f%% %d keys (%s) sent, %s/s", "#".repeat(filled),
                    " ".repeat(BAR - filled), done * 100, m.keysSent(), StatusCommand.human(m.bytesSent()),
                    StatusCommand.human(m.bytesPerSecond()));
        }

        void finish() {
            if (drawn) {
                out.println();
                out.flush();
                drawn = false;
            }
        }
    }
}
