/**
 * What every process of a cluster shares without depending on another role: the topology (an
 * epoch and the members with their addresses and states, from which each process derives the
 * same ring), Redis Cluster slots, the control messages and the cluster-secret handshake. The
 * NameNode, the DataNodes, the client library and the proxy all require it; it requires only
 * the ring and the API.
 */
module chkv.cluster {
    requires transitive chkv.ring;

    exports chkv.cluster;
    // messages are serialised reflectively by whichever transport carries them
    opens chkv.cluster;
}
