/**
 * Service-provider interfaces. Each SPI is a small interface plus a {@code XxxProvider} with a
 * {@code name()} that {@link java.util.ServiceLoader} finds: {@link chkv.api.spi.HashFunction},
 * {@link chkv.api.spi.Store}, {@link chkv.api.spi.Transport} and
 * {@link chkv.api.spi.FailureDetector}.
 *
 * <p>A store is split by who writes the code: a new store implements the few primitives of a
 * {@link chkv.api.spi.Storage}, and its provider returns the {@link chkv.api.spi.Store} the
 * project's shared code ({@code chkv.store.support.plugin.StorageStore}) makes of it, with every
 * Redis semantic and the server's memory policy. {@code Store} is what the node serves from; the
 * in-tree stores implement it directly where they know a faster way.
 */
package chkv.api.spi;
