package chkv.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Glob} against Redis 7.0.15's stringmatchlen. Every expectation was observed on a real
 * server: with only {@code key} stored, {@code KEYS pattern} returned it or not. Strings hold
 * one byte per char (ISO-8859-1), so chars 128-255 are the bytes 0x80-0xff, which Redis compares
 * as signed C chars in ranges.
 */
class GlobTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Arguments row(String pattern, String key, boolean matches) {
        return Arguments.of(pattern, key, matches);
    }

    static Stream<Arguments> observedOnRedis() {
        return Stream.of(
                row("", "", true),
                row("", "a", false),
                row("**", "", false),
                row("***", "", false),
                row("?", "", false),
                row("[a]", "", false),
                row("\\", "", false),
                row("a*", "a", true),
                row("a**", "a", true),
                row("*a", "a", true),
                row("*", "abc", true),
                row("**", "abc", true),
                row("a*c", "abc", true),
                row("a*c", "abd", false),
                row("a*c", "ac", true),
                row("?", "a", true),
                row("??", "a", false),
                row("a?c", "abc", true),
                row("[abc]", "b", true),
                row("[abc]", "d", false),
                row("[a-c]", "b", true),
                row("[c-a]", "b", true),
                row("[^a-c]", "b", false),
                row("[^a-c]", "d", true),
                row("[]", "a", false),
                row("[]a]", "a]", false),
                row("[]a]", "a", false),
                row("[^]", "x", true),
                row("[", "[", false),
                row("[", "a", false),
                row("[^", "x", true),
                row("[a", "a", true),
                row("[a-", "-", true),
                row("[a-]", "]", true),
                row("[a-]", "b", false),
                row("[a-]", "-", false),
                row("\\*", "*", true),
                row("\\*", "a", false),
                row("\\", "\\", true),
                row("a\\", "a\\", true),
                row("\\a", "a", true),
                row("[\\]]", "]", true),
                row("[\\", "\\", true),
                row("[\\]", "]", true),
                row("[\\-x]", "-", true),
                row("[\u0080-\u00ff]", "\u00c0", true),
                row("[\u0000-\u007f]", "\u00c0", false),
                row("[\u007f-\u0080]", "a", true),
                row("[\u0080-\u007f]", "\u00ff", true),
                row("\u0000", "\u0000", true),
                row("a\u0000b", "a\u0000b", true),
                row("*\u00ff", "a\u00ff", true),
                row("a*b*c", "aXbYc", true),
                row("a*b*c", "aXcYb", false),
                row("*?", "a", true),
                row("?*", "a", true),
                row("*?", "", false),
                row("h[ae]llo", "hello", true),
                row("h[^e]llo", "hello", false),
                row("*[", "x[", false),
                row("a*", "ba", false)
        );
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" vs \"{1}\" -> {2}")
    @MethodSource("observedOnRedis")
    void matches_asRedisKeys(String pattern, String key, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), bytes(key))).isEqualTo(expected);
    }

    /**
     * KEYS special-cases a lone "*", so the matcher's own answer shows through PUBSUB CHANNELS:
     * with a subscriber on the channel "", Redis listed it for "" but not for "*", "**" or "?".
     */
    @ParameterizedTest
    @CsvSource({"'', true", "*, false", "**, false", "?, false"})
    void matches_emptyString_onlyForEmptyPattern(String pattern, boolean expected) {
        assertThat(Glob.matches(bytes(pattern), new byte[0])).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"*, true", "**, false", "'', false", "a, false"})
    void matchesAll_onlyALoneStar(String pattern, boolean expected) {
        assertThat(Glob.matchesAll(bytes(pattern))).isEqualTo(expected);
    }

    /**
     * Each "*" that tries positions recurses one level deeper, and Redis answers "no match"
     * beyond a nesting of 1000, so a pattern with more stars than that never matches even where
     * a plain glob would. Observed: "*a" x1000 and x999 match 1200 a's; x1001 and x1100 do not;
     * "a*" x1100 does not; "*a" x1100 does not match 1100 a's; "*a" x3 does not match "aa".
     * Without Redis's skip-longer-matches exit these take exponential time, hence the timeout.
     */
    @Timeout(10)
    @ParameterizedTest
    @CsvSource({"*a, 1000, 1200, true", "*a, 999, 1200, true", "*a, 1001, 1200, false",
            "*a, 1100, 1200, false", "a*, 1100, 1200, false", "*a, 1100, 1100, false", "*a, 3, 2, false"})
    void matches_deeplyNestedStars_giveUpAsRedis(String unit, int repeat, int keyLength, boolean expected) {
        byte[] pattern = bytes(unit.repeat(repeat));
        byte[] key = bytes("a".repeat(keyLength));
        assertThat(Glob.matches(pattern, key)).isEqualTo(expected);
    }
}
