package chkv.node.it;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.node.boot.Providers;
import chkv.node.datanode.DataNode;
import java.net.InetSocketAddress;

/**
 * A standalone DataNode in this JVM on a free loopback port, assembled as the server assembles
 * it: store and transport found by name through {@link Providers}.
 */
final class NodeFixture implements RespServer {
    private final DataNode node;
    private final String storeName;

    private NodeFixture(DataNode node, String storeName) {
        this.node = node;
        this.storeName = storeName;
    }

    /** @return a node on the given store, without a password */
    static NodeFixture start(String storeName) {
        return start(storeName, null);
    }

    /**
     * @param storeName {@code heap} or {@code offheap}
     * @param requirePass the password clients must AUTH with, or null for none
     * @return a started node; close it
     */
    static NodeFixture start(String storeName, String requirePass) {
        InetSocketAddress bind = new InetSocketAddress(RedisServer.LOOPBACK, 0);
        DataNode.Settings settings = DataNode.Settings.of(bind)
                .withStore(storeName, 0, EvictionPolicy.NOEVICTION);
        if (requirePass != null) {
            settings = settings.withRequirePass(requirePass);
        }
        Store store = Providers.stores().get(storeName).create(StoreConfig.of(DataNode.storeClock()));
        Transport transport;
        try {
            transport = Providers.transports().get("netty").create(TransportConfig.defaults());
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        // from here the node owns both, and closes them also when it fails to start
        return new NodeFixture(DataNode.start(transport, store, settings), storeName);
    }

    @Override
    public String name() {
        return "chkv " + storeName;
    }

    @Override
    public InetSocketAddress address() {
        return node.respAddress();
    }

    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return name() + " on " + address();
    }
}
