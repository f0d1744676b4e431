package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Reading the node a redirect names. */
class RouterTest {

    @Test
    void redirect_readsTheAddressAfterTheSlot() {
        assertThat(Router.redirect("MOVED 3999 127.0.0.1:6381")).isEqualTo(new InetSocketAddress("127.0.0.1", 6381));
        assertThat(Router.redirect("ASK 12 10.0.0.2:7380")).isEqualTo(new InetSocketAddress("10.0.0.2", 7380));
        assertThat(Router.redirect("ASK 10.0.0.2:7380")).isEqualTo(new InetSocketAddress("10.0.0.2", 7380));
        assertThat(Router.redirect("MOVED 1 ::1:7380")).isEqualTo(new InetSocketAddress("::1", 7380));
    }

    @Test
    void redirect_withoutAnAddress_isNone() {
        assertThat(Router.redirect("MOVED")).isNull();
        assertThat(Router.redirect("MOVED 12 nowhere")).isNull();
        assertThat(Router.redirect("MOVED 12 host:notaport")).isNull();
        assertThat(Router.redirect("MOVED 12 host:1 extra")).isNull();
    }
}
