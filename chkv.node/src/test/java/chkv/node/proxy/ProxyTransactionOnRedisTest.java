package chkv.node.proxy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/** Transactions through the proxy in front of three redis-servers: the replies Redis gives. */
class ProxyTransactionOnRedisTest extends ProxyTransactionContract {
    private RedisNodes redis;

    @Override
    ProxyCluster start(Consumer<AutoCloseable> backing) {
        redis = new RedisNodes(3);
        backing.accept(redis);
        try {
            return ProxyCluster.inFrontOf(redis.addresses());
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    @Override
    List<InetSocketAddress> nodes(ProxyCluster cluster) {
        return redis.addresses();
    }
}
