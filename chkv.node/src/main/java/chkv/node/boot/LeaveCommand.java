package chkv.node.boot;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.MemberState;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
        TransportConfig config = TransportConfig.defaults()
                .withMessages(ClusterMessage.types(), ClusterMessage.PROTOCOL_VERSION);
        Transport transport = Providers.transports().get("netty").create(config);
        try {
            return leave(transport, nameNode, clusterSecret.bytes(), node, timeoutSeconds, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), MoveProgressView.onTerminal());
        } finally {
            transport.close();
        }
    }

    /**
     * Asks the NameNode to take {@code node} out and shows its hand-over until it is out.
     *
     * @param terminal whether {@code out} is a terminal, where the bar is redrawn in place
     * @return 0 once it is out, 1 when refused, unreachable or not done within the timeout
     */
    static int leave(Transport transport, InetSocketAddress nameNode, byte[] secret, String node, long timeoutSeconds,
            PrintWriter out, PrintWriter err, boolean terminal) throws InterruptedException {
        CompletableFuture<ClusterMessage.Left> left = new CompletableFuture<>();
        AtomicReference<ClusterMessage.Status> latest = new AtomicReference<>();
        MoveProgressView view = new MoveProgressView(out, terminal, "leaving " + node, "sent", System::nanoTime);
        long started = System.nanoTime();
        long held = 0;
        try {
            ControlClient client = ControlClient.connect(transport, nameNode, "admin", new ClusterAuth(secret),
                    message -> {
                        switch (message) {
                            case ClusterMessage.Left l -> left.complete(l);
                            case ClusterMessage.Refused r -> left.completeExceptionally(
                                    new IllegalStateException("refused: " + r.reason()));
                            case ClusterMessage.Status s -> latest.set(s);
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
                        // not yet: show what came and ask for progress again
                    }
                    ClusterMessage.Status s = latest.getAndSet(null);
                    if (s != null && !left.isDone()) {
                        held = Math.max(held, show(view, s, node));
                    }
                }
                ClusterMessage.Left done = left.get();
                // the node holds what it hands over until it is out: the sources' last report may lag
                view.finish(String.format(Locale.ROOT, "%s left the cluster: %s sent in %s s; epoch %d has %d members",
                        node, MoveProgressView.keysAndBytes(view.last(), held),
                        MoveProgressView.seconds(System.nanoTime() - started), done.topology().epoch(),
                        done.topology().members().size()));
                return 0;
            } finally {
                client.close();
            }
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            view.end();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            err.println("leave: " + cause.getMessage());
            err.flush();
            return 1;
        }
    }

    /** @return the keys the leaving node last reported holding, 0 when it is not leaving */
    private static long show(MoveProgressView view, ClusterMessage.Status status, String node) {
        boolean leaving = status.topology().member(node).map(m -> m.state() == MemberState.LEAVING).orElse(false);
        if (!leaving) {
            return 0;
        }
        if (status.moves().isEmpty()) {
            view.waiting("leaving, waiting for the hand-over to start");
        } else {
            view.show(status.moves());
        }
        if (status.topology().replicas() > 1) {
            return 0; // it also holds copies of others' ranges, which stay where they are
        }
        return status.members().stream().filter(m -> m.memberId().equals(node))
                .mapToLong(ClusterMessage.MemberStatus::keys).findFirst().orElse(0);
    }
}
