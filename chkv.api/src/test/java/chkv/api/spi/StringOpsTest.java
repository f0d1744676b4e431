package chkv.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.RedisException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * INCRBYFLOAT and its number parsing as Redis 7.0 does them in x87 long double (strtold, an
 * 80-bit addition, "%.17Lf"). Every expectation was observed on Redis 7.0.15 on x86-64.
 */
class StringOpsTest {

    /** A stored string value without expiry. */
    private record Value(byte[] value) implements Store.Entry {
        @Override
        public int valueLength() {
            return value.length;
        }

        @Override
        public long expireAt() {
            return Store.NO_EXPIRY;
        }
    }

    /** Remembers what INCRBYFLOAT stored. */
    private static final class Recorder implements Store.Edit {
        byte[] stored;

        @Override
        public void put(byte[] value, long expireAt) {
            stored = value;
        }

        @Override
        public void expireAt(long expireAt) {
            throw new AssertionError("INCRBYFLOAT only stores values");
        }

        @Override
        public void delete() {
            throw new AssertionError("INCRBYFLOAT only stores values");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Runs INCRBYFLOAT on a key holding {@code start} ({@code null}: absent); returns the reply. */
    private static String incrByFloat(String start, String increment) {
        Recorder edit = new Recorder();
        byte[] reply = StringOps.incrByFloat(start == null ? null : new Value(bytes(start)), edit, bytes(increment));
        assertThat(edit.stored).as("the stored value is the reply").isEqualTo(reply);
        return new String(reply, StandardCharsets.US_ASCII);
    }

    private static Arguments row(String start, String increment, String reply) {
        return Arguments.of(start, increment, reply);
    }

    /** (value stored before or null for none, increment, Redis's reply: the new value or the error). */
    static Stream<Arguments> observedOnRedis() {
        return Stream.of(
                // 64-bit significand, ties to even: at 2^64 the spacing is 2, so odd integers are ties
                row(null, "0x1.0000000000000001p64", "18446744073709551616"),
                row(null, "0x1.0000000000000003p64", "18446744073709551620"),
                row(null, "0x1.00000000000000018p64", "18446744073709551618"),
                row(null, "0x1.00000000000000008p64", "18446744073709551616"),
                row(null, "18446744073709551617", "18446744073709551616"),
                row(null, "18446744073709551619", "18446744073709551620"),
                row(null, "18446744073709551617.000001", "18446744073709551618"),
                row("18446744073709551616", "1", "18446744073709551616"),
                row("18446744073709551618", "1", "18446744073709551620"),
                row("0x1p-16445", "0x1p-16445", "0"),
                row("0x1p-16382", "-0x1p-16445", "0"),
                row("5.6", "5.0e3", "5005.60000000000000009"),
                row("5005.60000000000000009", "2.0e-3", "5005.60199999999999987"),
                row("5005.60199999999999987", "1E2", "5105.60199999999999987"),
                row("2.5", "9223372036854775808", "9223372036854775810"),
                row("7.5", "0x10", "23.5"),
                row("23.5", "0x1p3", "31.5"),
                row("10.50", "10.5", "21"),
                row("21", "3.0e3", "3021"),
                row("3021", "1.1", "3022.10000000000000009"),
                row("3022.1", "-5", "3017.10000000000000009"),
                row(null, "5.0e3", "5000"),
                row(null, "0.1", "0.1"),
                row("0.1", "0.2", "0.3"),
                row("1", "-1", "0"),
                row("0.1", "-0.1", "0"),
                row("-0", "0", "0"),
                row(null, "-1e-30", "0"),
                row("1", "inf", "ERR increment would produce NaN or Infinity"),
                row("1", "-inf", "ERR increment would produce NaN or Infinity"),
                row("1", "+Infinity", "ERR increment would produce NaN or Infinity"),
                row("inf", "1", "ERR increment would produce NaN or Infinity"),
                row("-inf", "inf", "ERR increment would produce NaN or Infinity"),
                row("1", "nan", "ERR value is not a valid float"),
                row("1", "1e4933", "ERR value is not a valid float"),
                row("1", "-1e4933", "ERR value is not a valid float"),
                row(null, "1e-4950", "0"),
                row(null, "0x1p-16446", "ERR value is not a valid float"),
                row(null, "0x1.8p-16446", "0"),
                row(null, "1e-5000", "ERR value is not a valid float"),
                row("1", "  1", "ERR value is not a valid float"),
                row("1", "1 ", "ERR value is not a valid float"),
                row("1", "+1", "2"),
                row("1", ".5", "1.5"),
                row("1", "5.", "6"),
                row("1", ".", "ERR value is not a valid float"),
                row("1", "1e", "ERR value is not a valid float"),
                row("1", "0x", "ERR value is not a valid float"),
                row("1", "0x1p", "ERR value is not a valid float"),
                row("1", "", "ERR value is not a valid float"),
                row("1", "abc", "ERR value is not a valid float"),
                row("abc", "1", "ERR value is not a valid float"),
                row("1", "1.2.3", "ERR value is not a valid float"),
                row(null, "0x1p-18", "0.00000381469726562"),
                row(null, "0x3p-19", "0.00000572204589844"),
                row(null, "0.000000000000000015", "0.00000000000000002"),
                row(null, "0.000000000000000025", "0.00000000000000002"),
                row(null, "1e22", "10000000000000000000000"),
                row(null, "1e23", "100000000000000000000000"),
                row(null, "0x1.00000000000000018p0", "1"),
                row("1.18973149535723176502e4932", "1.18973149535723176502e4932", "ERR increment would produce NaN or Infinity"),
                row(null, "9223372036854775807", "9223372036854775807"),
                row("-9223372036854775808", "-1", "-9223372036854775809"),
                row(null, "0.30000000000000000001", "0.3"),
                row("1e-3", "1e-3", "0.002"),
                row(null, "0e99999999999", "0"),
                row("1", "1e-99999999999999", "ERR value is not a valid float"),
                row("10.5", "0.1", "10.6"),
                row("1", "1\u0000", "ERR value is not a valid float")
        );
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} -> {2}")
    @MethodSource("observedOnRedis")
    void incrByFloat_repliesAsRedis(String start, String increment, String reply) {
        if (reply.startsWith("ERR ")) {
            assertThatThrownBy(() -> incrByFloat(start, increment))
                    .isInstanceOf(RedisException.class).hasMessage(reply);
        } else {
            assertThat(incrByFloat(start, increment)).isEqualTo(reply);
        }
    }

    /** Long replies show the binary value's exact decimal digits, which Redis prints in full. */
    @Test
    void incrByFloat_hugeValues_printEveryDigitAsRedis() {
        String e400 = "100000000000000000002818806839475865145864534336290520386259106935396855340086298620393639"
                + "948483241605220940539273176162002958227772592557340238289765933406610177974474345461739178"
                + "624481166749717237789438243915933380474706750262466844013592375136038303437354855052449559"
                + "649790218250382800910684149474024568986530409510175126580926158275889201834725116433165913"
                + "62664138176309734806343732497430221946880";
        assertThat(incrByFloat(null, "1e400")).isEqualTo(e400);
        assertThat(incrByFloat(e400, "-1e400")).isEqualTo("0");
        assertThat(incrByFloat("0", "1e-400")).isEqualTo("0");

        String e308 = "999999999999999999966858796558456456605600998474155672077970479949217348688380618721001269"
                + "218885393204467472250540132231521347495939605835974208144301964187679591000196031907786631"
                + "096045071066679391533957889389145605435630612683649016186302170865892534448816237913008557"
                + "57318142424510452728255046343928578048";
        assertThat(incrByFloat("1", "1e308")).isEqualTo(e308);
        assertThat(incrByFloat(e308, "1e308")).isEqualTo(
                "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253"
                + "843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326"
                + "219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711"
                + "514636284849020905456510092687857156096");

        String e300 = "100000000000000000000899732407955919387052394427329074793826008232126564659618093575584915"
                + "208375049719035037250861427483590359255618467298391309626052074864628732713564184365329408"
                + "425510760601678972665293237003055138294762099454029477278188962060617926761162709741065056"
                + "7187386105690089424915104006144";
        assertThat(incrByFloat(null, "1e300")).isEqualTo(e300);
        assertThat(incrByFloat(e300, "1e300")).isEqualTo(
                "200000000000000000001799464815911838774104788854658149587652016464253129319236187151169830"
                + "416750099438070074501722854967180718511236934596782619252104149729257465427128368730658816"
                + "851021521203357945330586474006110276589524198908058954556377924121235853522325419482130113"
                + "4374772211380178849830208012288");
    }

    /** The largest long double: Redis replied with 4933 digits (4934 chars when negative). */
    @Test
    void incrByFloat_largestLongDouble_isFiniteAsRedis() {
        String max = incrByFloat(null, "1.18973149535723176502e4932");
        assertThat(max).hasSize(4933).startsWith("118973149535723176502126385303")
                .endsWith("8849149662444156604419552086811989770240");
        assertThat(incrByFloat(null, "-1.18973149535723176502e4932")).isEqualTo("-" + max);
        assertThat(incrByFloat("0x1.fffffffffffffffep16383", "0")).isEqualTo(max);
    }

    /** Redis copies numbers into a 5120-byte buffer: 5119 chars parse, 5120 do not. */
    @Test
    void incrByFloat_numbersOf5120CharsOrMore_areNotFloats() {
        String longest = "1." + "0".repeat(5117);
        assertThat(incrByFloat("1", longest)).isEqualTo("2");
        assertThat(incrByFloat(longest, "1")).isEqualTo("2");
        assertThatThrownBy(() -> incrByFloat("1", longest + "0"))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.NOT_A_FLOAT);
        assertThatThrownBy(() -> incrByFloat(longest + "0", "1"))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.NOT_A_FLOAT);
    }

    @ParameterizedTest
    @CsvSource({"0x10, 16", "0X10, 16", "-0x10, -16", "+0x10, 16", "0x1p4, 16", "0x1.8, 1.5",
            "0x10.8p-1, 8.25", "0x.8, 0.5", "0x0, 0", "1e5, 100000", "-1.5, -1.5", "0x1p-16445, 0x1p-16445"})
    void parseLongDouble_exactlyRepresentable_parsesExactly(String text, String expected) {
        LongDouble value = StringOps.parseLongDouble(bytes(text));
        // the smallest subnormal, 2^-16445, has an exact (if long) decimal expansion
        BigDecimal exact = expected.startsWith("0x")
                ? BigDecimal.ONE.divide(new BigDecimal(2).pow(16445)) : new BigDecimal(expected);
        assertThat(value.toBigDecimal().compareTo(exact)).as("%s -> %s", text, value).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x", "0x1p", "0x1pz", " 0x10", "0x1.2.3", "0xg", "0x1p99999", "0x1p-99999", "0x.", "0x-1",
            "nan", "-nan", "1e", "+-1", "", "inf1"})
    void parseLongDouble_malformedOrOutOfRange_isInvalid(String text) {
        assertThat(StringOps.parseLongDouble(bytes(text))).isNull();
    }
}
