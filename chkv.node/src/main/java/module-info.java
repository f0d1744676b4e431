/**
 * The CHKV roles (NameNode, DataNode, Client, Proxy) and the command line that starts them.
 *
 * <p>It names no class of a transport or store implementation: the {@code boot} package loads
 * every provider with {@link java.util.ServiceLoader} and picks one by the name in the
 * configuration; an unknown or duplicate name fails at start-up and lists the names that exist.
 *
 * @uses chkv.api.spi.HashFunctionProvider
 * @uses chkv.api.spi.StoreProvider
 * @uses chkv.api.spi.TransportProvider
 * @uses chkv.api.spi.FailureDetectorProvider
 * @uses chkv.api.spi.KvClientProvider
 */
module chkv.node {
    requires chkv.api;
    requires chkv.ring;
    requires chkv.cluster;
    requires info.picocli;
    requires org.slf4j;

    // picocli fills the annotated command objects reflectively
    opens chkv.node.boot to info.picocli;

    uses chkv.api.spi.HashFunctionProvider;
    uses chkv.api.spi.StoreProvider;
    uses chkv.api.spi.TransportProvider;
    uses chkv.api.spi.FailureDetectorProvider;
    uses chkv.api.spi.KvClientProvider;
}
