package chkv.transport.netty;

/** Placeholder until the implementation lands. */
public final class NettyTransportProvider implements chkv.api.spi.TransportProvider {
    @Override
    public String name() {
        return "netty";
    }

    @Override
    public chkv.api.spi.Transport create(chkv.api.spi.TransportConfig config) {
        throw new UnsupportedOperationException("netty: not implemented yet");
    }
}
