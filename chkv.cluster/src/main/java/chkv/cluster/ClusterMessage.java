package chkv.cluster;

import java.util.List;

/**
 * The control messages between DataNodes, clients, proxies and the NameNode. Every connection
 * starts with the cluster-secret handshake ({@link Hello}, {@link Challenge}, {@link Proof},
 * {@link Welcome}); the NameNode ignores anything else until it has succeeded, then answers each
 * request on the connection it came on and pushes {@link TopologyUpdate} to subscribers.
 */
public sealed interface ClusterMessage {

    /** The internal protocol version both ends of a control connection must speak. */
    int PROTOCOL_VERSION = 1;

    /**
     * Opens the handshake.
     *
     * @param role who connects: {@code datanode}, {@code client}, {@code proxy} or {@code admin}
     * @param nonce the connecting side's fresh random bytes
     */
    record Hello(String role, byte[] nonce) implements ClusterMessage {}

    /** @param nonce the NameNode's fresh random bytes */
    record Challenge(byte[] nonce) implements ClusterMessage {}

    /** @param mac the connecting side's proof that it holds the secret, see {@link ClusterAuth} */
    record Proof(byte[] mac) implements ClusterMessage {}

    /** @param mac the NameNode's proof that it holds the secret, so a client knows it is real */
    record Welcome(byte[] mac) implements ClusterMessage {}

    /** @param reason why the request or the connection was refused, in words a user can act on */
    record Refused(String reason) implements ClusterMessage {}

    /**
     * A DataNode asks to become a member, or to be one again after a restart or a lost connection.
     *
     * @param host the address clients reach its RESP port on
     * @param respPort its RESP port
     * @param controlPort its internal-message port, 0 for none
     * @param weight its share of the ring
     */
    record Join(String host, int respPort, int controlPort, int weight) implements ClusterMessage {}

    /** @param memberId the id the DataNode is known by @param topology the epoch that includes it */
    record Joined(String memberId, Topology topology) implements ClusterMessage {}

    /** @param memberId the member to take out of the cluster */
    record Leave(String memberId) implements ClusterMessage {}

    /** @param topology the epoch without it */
    record Left(Topology topology) implements ClusterMessage {}

    /**
     * A DataNode is alive; sent every heartbeat interval on its control connection.
     *
     * @param memberId who
     * @param epoch the epoch it serves
     * @param keys the keys it holds
     * @param memoryBytes the memory its store uses
     */
    record Heartbeat(String memberId, long epoch, long keys, long memoryBytes) implements ClusterMessage {}

    /** @param knownEpoch the newest epoch the subscriber has, 0 for none: a newer one is sent at once */
    record Subscribe(long knownEpoch) implements ClusterMessage {}

    /** @param topology a newer epoch */
    record TopologyUpdate(Topology topology) implements ClusterMessage {}

    /** Asks for the topology and what each member last reported. */
    record StatusRequest() implements ClusterMessage {}

    /**
     * @param memberId the member
     * @param keys keys at its last heartbeat
     * @param memoryBytes store memory at its last heartbeat
     * @param heartbeatAgeMillis how long ago that heartbeat arrived, -1 for never
     */
    record MemberStatus(String memberId, long keys, long memoryBytes, long heartbeatAgeMillis) implements ClusterMessage {}

    /** @param topology the current epoch @param members what each member last reported */
    record Status(Topology topology, List<MemberStatus> members) implements ClusterMessage {}

    /**
     * @return every class a transport must register to carry these messages, in a fixed order:
     *     the ids derive from it, so append only
     */
    static List<Class<?>> types() {
        return List.of(Hello.class, Challenge.class, Proof.class, Welcome.class, Refused.class,
                Join.class, Joined.class, Leave.class, Left.class, Heartbeat.class, Subscribe.class,
                TopologyUpdate.class, StatusRequest.class, MemberStatus.class, Status.class,
                Topology.class, Member.class, MemberState.class);
    }
}
