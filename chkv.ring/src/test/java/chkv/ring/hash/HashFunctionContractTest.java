package chkv.ring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import chkv.api.spi.HashFunctionProvider;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every built-in hash function meets. */
class HashFunctionContractTest {

    static Stream<HashFunctionProvider> providers() {
        return Stream.of(new Murmur3Provider(), new XxHash64Provider());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void position_taggedKeys_landTogether(HashFunctionProvider provider) {
        HashFunction hash = provider.create();

        long name = hash.position(bytes("user:{42}:name"));
        long mail = hash.position(bytes("user:{42}:mail"));

        assertThat(name).isEqualTo(mail).isEqualTo(hash.position(bytes("42")));
        assertThat(hash.position(bytes("user:{43}:name"))).isNotEqualTo(name);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void position_emptyTag_hashesTheWholeKey(HashFunctionProvider provider) {
        HashFunction hash = provider.create();
        byte[] key = bytes("user:{}:name");

        assertThat(hash.position(key)).isEqualTo(hash.hash(key, 0, key.length));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void hash_slice_equalsHashOfCopy(HashFunctionProvider provider) {
        HashFunction hash = provider.create();
        SplittableRandom random = new SplittableRandom(7);
        for (int length = 0; length < 80; length++) {
            byte[] data = new byte[length + 10];
            random.nextBytes(data);
            byte[] copy = java.util.Arrays.copyOfRange(data, 5, 5 + length);

            assertThat(hash.hash(data, 5, length)).as("length %d", length)
                    .isEqualTo(hash.hash(copy, 0, length));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void name_isTheConfiguredName(HashFunctionProvider provider) {
        assertThat(provider.name()).isIn("murmur3", "xxhash64");
        assertThat(provider.create()).isSameAs(provider.create());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
