package chkv.cluster;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A DataNode of the topology. Its id is its RESP address, so a node that comes back under the
 * same address is the same member (a rejoin), never a second one.
 *
 * @param id {@code host:port} of the RESP endpoint, also the node's name on the ring
 * @param host the address clients reach it on
 * @param respPort its RESP port
 * @param controlPort its port for internal messages, 0 when it serves none
 * @param state where it stands
 * @param weight its share of the ring relative to others (vnodes per unit of weight)
 */
public record Member(String id, String host, int respPort, int controlPort, MemberState state, int weight) {

    /** Validates. */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
        if (respPort < 1 || respPort > 65_535 || controlPort < 0 || controlPort > 65_535 || weight < 1) {
            throw new IllegalArgumentException("member " + id + ": ports " + respPort + "/" + controlPort
                    + ", weight " + weight + " (expected: ports 1-65535, control 0 for none, weight >= 1)");
        }
    }

    /**
     * @param host the RESP host
     * @param respPort the RESP port
     * @return the id of the member at that address
     */
    public static String idOf(String host, int respPort) {
        return host + ":" + respPort;
    }

    /** @return the RESP address */
    public InetSocketAddress respAddress() {
        return new InetSocketAddress(host, respPort);
    }

    /** @param newState the state to take @return a copy in it */
    public Member withState(MemberState newState) {
        return new Member(id, host, respPort, controlPort, newState, weight);
    }
}
