package chkv.node.proxy;

import chkv.node.datanode.DataNode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/** Transactions through the proxy in front of three DataNodes. */
class ProxyTransactionTest extends ProxyTransactionContract {

    @Override
    ProxyCluster start(Consumer<AutoCloseable> backing) {
        return new ProxyCluster(null);
    }

    @Override
    List<InetSocketAddress> nodes(ProxyCluster cluster) {
        return cluster.dataNodes.stream().map(DataNode::respAddress).toList();
    }
}
