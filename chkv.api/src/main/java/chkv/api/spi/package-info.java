/**
 * Service-provider interfaces. Each SPI is a small interface plus a {@code XxxProvider} with a
 * {@code name()} that {@link java.util.ServiceLoader} finds: {@link chkv.api.spi.HashFunction},
 * {@link chkv.api.spi.Store}, {@link chkv.api.spi.Transport} and
 * {@link chkv.api.spi.FailureDetector}.
 */
package chkv.api.spi;
