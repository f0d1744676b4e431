package chkv.node.boot;

import chkv.api.HashRange;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.ControlClient;
import chkv.cluster.Member;
import chkv.cluster.Topology;
import chkv.ring.Ring;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

/** {@code chkv status}: the epoch, then a line per DataNode as the NameNode sees it. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the cluster's epoch and, per DataNode, its address, state, keys, memory and share "
                + "of the ring, then the hand-overs in flight. Exits with 1 when the NameNode cannot be reached.")
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--namenode", paramLabel = "HOST:PORT", converter = HostPort.class, required = true,
            description = "The NameNode's control address.")
    InetSocketAddress nameNode;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the NameNode (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

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
            ClusterMessage.Status status = query(transport, nameNode, clusterSecret, timeoutMs);
            print(status, spec.commandLine().getOut());
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("status: " + (cause instanceof TimeoutException
                    ? "NameNode " + nameNode.getHostString() + ":" + nameNode.getPort() + " did not answer within "
                            + timeoutMs + " ms" : cause.getMessage()));
            return 1;
        } finally {
            transport.close();
        }
    }

    static ClusterMessage.Status query(Transport transport, InetSocketAddress nameNode, ClusterSecret clusterSecret,
            long timeoutMs) throws Exception {
        CompletableFuture<ClusterMessage.Status> answer = new CompletableFuture<>();
        ControlClient client = ControlClient.connect(transport, nameNode, "admin", new ClusterAuth(clusterSecret.bytes()),
                        message -> {
                            if (message instanceof ClusterMessage.Status s) {
                                answer.complete(s);
                            } else if (message instanceof ClusterMessage.Refused r) {
                                answer.completeExceptionally(new IllegalStateException("refused: " + r.reason()));
                            }
                        },
                        () -> answer.completeExceptionally(new IllegalStateException(
                                "NameNode " + nameNode + " closed the connection")))
                .toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        try {
            client.send(new ClusterMessage.StatusRequest());
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } finally {
            client.close();
        }
    }

    static void print(ClusterMessage.Status status, PrintWriter out) {
        Topology topology = status.topology();
        out.printf("epoch %d (%s mode, %d replica%s, %d members)%n", topology.epoch(), topology.mode(),
                topology.replicas(), topology.replicas() == 1 ? "" : "s", topology.members().size());
        Map<String, ClusterMessage.MemberStatus> reported = new HashMap<>();
        for (ClusterMessage.MemberStatus m : status.members()) {
            reported.put(m.memberId(), m);
        }
        Ring ring = topology.ringMembers().isEmpty() ? null
                : topology.ring(Providers.hashFunctions().get(topology.hash()).create());
        for (Member m : topology.members()) {
            ClusterMessage.MemberStatus r = reported.get(m.id());
            double share = ring != null && ring.contains(m.id()) ? share(ring, m.id()) : 0;
            out.printf(Locale.ROOT, "%-22s %-8s keys %-10s memory %-9s share %5.1f%%%n", m.host() + ":" + m.respPort(),
                    m.state().word(), r == null ? "-" : Long.toString(r.keys()),
                    r == null ? "-" : human(r.memoryBytes()), share * 100);
        }
        for (ClusterMessage.MoveStatus m : status.moves()) {
            out.println(moveLine(m));
        }
        out.flush();
    }

    /** @return one hand-over in flight, as a line: who, ranges, keys and bytes done and left, rate */
    static String moveLine(ClusterMessage.MoveStatus m) {
        return String.format(Locale.ROOT, "moving from %s: %d ranges, %d keys (%s) sent, %s left, %s/s%s",
                m.memberId(), m.ranges(), m.keysSent(), human(m.bytesSent()),
                MoveProgressView.left(m.keysLeft(), m.keysSent(), m.bytesSent()), human(m.bytesPerSecond()),
                m.done() ? ", done" : "");
    }

    /** @return the fraction of the ring's 2^64 positions {@code node} owns as primary */
    static double share(Ring ring, String node) {
        double total = 0;
        for (HashRange r : ring.primaryRanges(node)) {
            long width = r.end() - r.start(); // modulo 2^64: an arc that wraps comes out right
            total += width == 0 ? 0x1p64 : (width < 0 ? width + 0x1p64 : width);
        }
        return total / 0x1p64;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%c", v, units.charAt(u));
    }
}
