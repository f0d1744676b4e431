package chkv.example.fnv;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The plug-in hashes by FNV-1a, honours Redis's hash tags, and spreads keys over the ring. */
class Fnv1aProviderTest {
    private final HashFunction hash = new Fnv1aProvider().create();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hash_emptyInput_isTheFinalizedOffsetBasis() {
        long h = 0xcbf29ce484222325L;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        assertThat(hash.hash(new byte[0], 0, 0)).isEqualTo(h ^ (h >>> 33));
    }

    @Test
    void position_hashTag_placesKeysTogether() {
        assertThat(hash.position(b("{user1}.name"))).isEqualTo(hash.position(b("{user1}.mail")))
                .isEqualTo(hash.hash(b("user1"), 0, 5));
        assertThat(hash.position(b("user1.name"))).isNotEqualTo(hash.position(b("user1.mail")));
    }

    @Test
    void position_spreadsKeysOverTheRing() {
        int[] quarters = new int[4];
        for (int i = 0; i < 40_000; i++) {
            quarters[(int) (hash.position(b("key:" + i)) >>> 62)]++;
        }
        for (int n : quarters) {
            assertThat(n).as("keys per quarter of the ring").isBetween(9_000, 11_000);
        }
    }
}
