package chkv.node.it;

import java.net.InetSocketAddress;

/** A server that speaks RESP on a loopback port, started by a test and stopped by it. */
interface RespServer extends AutoCloseable {
    /** @return what it is, for messages ("redis-server 7.0.15", "chkv heap") */
    String name();

    /** @return where it listens */
    InetSocketAddress address();

    /** Stops it; never throws. */
    @Override
    void close();
}
