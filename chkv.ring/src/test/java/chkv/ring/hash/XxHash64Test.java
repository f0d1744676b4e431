package chkv.ring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks xxhash64 against the reference implementation's own sanity-check vectors. */
class XxHash64Test {

    private static final long PRIME32 = 2654435761L;

    /*
     * From xxHash's xxhsum self-test (Cyan4973/xxHash, cli/xsum_sanity_check.c,
     * XSUM_XXH64_testdata): the first len bytes of the buffer XSUM_fillTestBuffer makes, hashed
     * with seed 0 or PRIME32. Lengths 0, 1, 4, 14 and 222 reach every code path (the 32-byte
     * stripes, the 8-, 4- and 1-byte tails).
     */
    @ParameterizedTest
    @CsvSource({
        "0,   0, EF46DB3751D8E999",
        "0,   1, AC75FDA2929B17EF",
        "1,   0, E934A84ADB052768",
        "1,   1, 5014607643A9B4C3",
        "4,   0, 9136A0DCA57457EE",
        "14,  0, 8282DCC4994E35C8",
        "14,  1, C3BD6BF63DEB6DF0",
        "222, 0, B641AE8CB691C174",
        "222, 1, 20CB8AB7AE10C14A",
    })
    void hash_referenceSanityVectors_match(int length, int usePrime32, String expected) {
        byte[] buffer = fillTestBuffer(222);
        long seed = usePrime32 == 1 ? PRIME32 : 0L;

        assertThat(XxHash64.hash(buffer, 0, length, seed)).isEqualTo(Long.parseUnsignedLong(expected, 16));
    }

    @Test
    void hash_atAnOffset_hashesOnlyTheSlice() {
        byte[] buffer = fillTestBuffer(222);
        byte[] shifted = new byte[222 + 3];
        System.arraycopy(buffer, 0, shifted, 3, 222);

        assertThat(XxHash64.INSTANCE.hash(shifted, 3, 222)).isEqualTo(0xB641AE8CB691C174L);
    }

    @Test
    void create_emptyInput_isTheSeedZeroEmptyVector() {
        assertThat(new XxHash64Provider().create().hash("".getBytes(StandardCharsets.US_ASCII), 0, 0))
                .isEqualTo(0xEF46DB3751D8E999L);
    }

    /** The reference's XSUM_fillTestBuffer: the top byte of successive PRIME32 * PRIME64^i. */
    private static byte[] fillTestBuffer(int length) {
        byte[] buffer = new byte[length];
        long generator = PRIME32;
        for (int i = 0; i < length; i++) {
            buffer[i] = (byte) (generator >>> 56);
            generator *= 0x9E3779B185EBCA8DL; // the test's PRIME64, 11400714785074694797 (not XXH_PRIME64_1)
        }
        return buffer;
    }
}
