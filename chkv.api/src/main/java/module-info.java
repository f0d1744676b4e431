/**
 * The public API of CHKV and every service-provider interface.
 *
 * <p>This module depends on {@code java.base} only. Implementation modules require it and
 * {@code provides} one of the SPIs of {@link chkv.api.spi}; {@code chkv.node} finds them with
 * {@link java.util.ServiceLoader} and picks one by the name in its configuration.
 *
 * <p>The one service it loads itself is the client: {@link chkv.api.KvClient#connect(String)}
 * finds the {@link chkv.api.spi.KvClientProvider} of a URI's scheme, so an application needs
 * nothing but this module to compile against and the client module on its module path.
 *
 * @uses chkv.api.spi.KvClientProvider
 */
module chkv.api {
    exports chkv.api;
    exports chkv.api.spi;

    uses chkv.api.spi.KvClientProvider;
}
