package chkv.node.proxy;

import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.cluster.ClusterAuth;
import chkv.cluster.ClusterMessage;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NameNode's side of the control protocol, as far as clients and proxies need it: the
 * secret handshake, then the topology for each subscriber, on a real transport.
 */
final class FakeNameNode implements AutoCloseable {
    private final Transport transport;
    private final Transport.Endpoint endpoint;
    private final ClusterAuth auth;
    private final Set<Transport.MessageConnection> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<Transport.MessageConnection, byte[][]> nonces = new ConcurrentHashMap<>();
    private volatile Topology topology;

    /**
     * @param secret the cluster secret
     * @param dataNodes the members' RESP addresses
     */
    FakeNameNode(byte[] secret, List<InetSocketAddress> dataNodes) {
        this.auth = new ClusterAuth(secret);
        this.topology = new Topology(1, "cache", 1, 64, "murmur3", dataNodes.stream()
                .map(a -> new Member(Member.idOf(a.getHostString(), a.getPort()), a.getHostString(), a.getPort(),
                        0, MemberState.UP, 1))
                .toList());
        TransportConfig d = TransportConfig.defaults();
        transport = Providers.transports().get("netty").create(new TransportConfig(1, d.maxBulkLength(),
                d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(), ClusterMessage.PROTOCOL_VERSION,
                ClusterMessage.types(), Map.of()));
        try {
            endpoint = transport.serveMessages(new InetSocketAddress("127.0.0.1", 0), new Handler());
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** @return the control address */
    InetSocketAddress address() {
        return endpoint.address();
    }

    /** @return the topology it publishes */
    Topology topology() {
        return topology;
    }

    private final class Handler implements Transport.MessageHandler {
        @Override
        public void received(Transport.MessageConnection from, Object message) {
            switch ((ClusterMessage) message) {
                case ClusterMessage.Hello(String role, byte[] theirs) -> {
                    byte[] ours = ClusterAuth.nonce();
                    nonces.put(from, new byte[][] {theirs, ours});
                    from.send(new ClusterMessage.Challenge(ours));
                }
                case ClusterMessage.Proof(byte[] mac) -> {
                    byte[][] n = nonces.get(from);
                    if (n != null && ClusterAuth.matches(auth.connectingProof(n[0], n[1]), mac)) {
                        subscribers.add(from);
                        from.send(new ClusterMessage.Welcome(auth.acceptingProof(n[0], n[1])));
                    } else {
                        from.send(new ClusterMessage.Refused("wrong cluster secret"));
                        from.close();
                    }
                }
                case ClusterMessage.Subscribe(long known) -> {
                    Topology t = topology;
                    if (subscribers.contains(from) && t.epoch() > known) {
                        from.send(new ClusterMessage.TopologyUpdate(t));
                    }
                }
                default -> from.send(new ClusterMessage.Refused("not served by this test NameNode: " + message));
            }
        }

        @Override
        public void closed(Transport.MessageConnection connection) {
            subscribers.remove(connection);
            nonces.remove(connection);
        }
    }

    @Override
    public void close() {
        endpoint.close();
        transport.close();
    }
}
