/**
 * The smart client library behind {@link chkv.api.KvClient#connect(String)} for
 * {@code chkv://} URIs: it subscribes to the NameNode's topology, keeps pipelined connections to
 * the DataNodes, routes each command to the owner of its keys, follows {@code -MOVED} and
 * {@code -ASK}, and splits and merges commands that span nodes. It finds its transport and the
 * topology's hash function by name with {@link java.util.ServiceLoader}, since an application
 * that uses it has no node module to assemble them.
 *
 * @provides chkv.api.spi.KvClientProvider chkv
 * @uses chkv.api.spi.TransportProvider
 * @uses chkv.api.spi.HashFunctionProvider
 */
module chkv.client {
    requires chkv.api;
    requires chkv.cluster;

    uses chkv.api.spi.TransportProvider;
    uses chkv.api.spi.HashFunctionProvider;

    provides chkv.api.spi.KvClientProvider with chkv.client.ChkvClientProvider;
}
