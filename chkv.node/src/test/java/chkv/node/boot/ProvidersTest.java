package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Providers are found on the module path and picked by name; bad names fail with the list. */
class ProvidersTest {

    @Test
    void stores_onModulePath_heapAndOffheap() {
        assertThat(Providers.stores().names()).containsExactly("heap", "offheap");
    }

    @Test
    void transports_onModulePath_netty() {
        assertThat(Providers.transports().names()).containsExactly("netty");
    }

    @Test
    void hashFunctions_onModulePath_murmur3AndXxhash64() {
        assertThat(Providers.hashFunctions().names()).containsExactly("murmur3", "xxhash64");
        assertThat(Providers.hashFunctions().get("murmur3").name()).isEqualTo("murmur3");
    }

    @Test
    void get_unknownName_failsListingTheNamesThatExist() {
        assertThatThrownBy(() -> Providers.stores().get("rocks"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("store: rocks (expected one of: heap, offheap)");
    }

    @Test
    void create_duplicateName_failsNamingBothProviders() {
        assertThatThrownBy(() -> new Providers<>("hash", List.of("a", "b", "a"), s -> s))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("hash provider name: a is provided twice, by java.lang.String and java.lang.String");
    }
}
