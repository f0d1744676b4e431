/**
 * The public API of CHKV and every service-provider interface.
 *
 * <p>This module depends on {@code java.base} only. Implementation modules require it and
 * {@code provides} one of the SPIs of {@link chkv.api.spi}; {@code chkv.node} finds them with
 * {@link java.util.ServiceLoader} and picks one by the name in its configuration.
 */
module chkv.api {
    exports chkv.api;
    exports chkv.api.spi;
}
