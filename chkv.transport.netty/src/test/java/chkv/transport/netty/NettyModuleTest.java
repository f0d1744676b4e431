package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import org.junit.jupiter.api.Test;

/** The module exports nothing and provides the transport, found by {@code ServiceLoader}. */
class NettyModuleTest {

    private final ModuleDescriptor descriptor = NettyTransportProvider.class.getModule().getDescriptor();

    @Test
    void descriptor_isTheNamedModule_closed() {
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.name()).isEqualTo("chkv.transport.netty");
        assertThat(descriptor.isOpen()).isFalse();
        assertThat(descriptor.opens()).isEmpty();
        assertThat(descriptor.uses()).isEmpty();
    }

    @Test
    void exports_nothing() {
        assertThat(descriptor.exports()).isEmpty();
    }

    @Test
    void provides_theTransportProvider_only() {
        assertThat(descriptor.provides()).singleElement().satisfies(p -> {
            assertThat(p.service()).isEqualTo("chkv.api.spi.TransportProvider");
            assertThat(p.providers()).containsExactly("chkv.transport.netty.NettyTransportProvider");
        });
        assertThat(new NettyTransportProvider().name()).isEqualTo("netty");
    }

    @Test
    void requires_apiNettyAndKryo_nothingTransitive() {
        assertThat(descriptor.requires().stream().map(Requires::name)).containsExactlyInAnyOrder(
                "java.base", "chkv.api", "io.netty.common", "io.netty.buffer", "io.netty.transport",
                "io.netty.codec", "io.netty.handler", "io.netty.transport.classes.epoll",
                "io.netty.transport.classes.io_uring", "com.esotericsoftware.kryo");
        assertThat(descriptor.requires()).allSatisfy(r ->
                assertThat(r.modifiers()).doesNotContain(Requires.Modifier.TRANSITIVE));
    }
}
