package chkv.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Number parsing as Redis's string2ld (strtold) does it; expectations observed on Redis 7.0. */
class StringOpsTest {

    @ParameterizedTest
    @CsvSource({"0x10, 16", "0X10, 16", "-0x10, -16", "+0x10, 16", "0x1p4, 16", "0x1.8, 1.5",
            "0x10.8p-1, 8.25", "0x.8, 0.5", "0x0, 0", "1e5, 100000", "-1.5, -1.5"})
    void parseLongDouble_cFloats_asStrtold(String text, String expected) {
        BigDecimal value = StringOps.parseLongDouble(StringOps.ascii(text));
        assertThat(value).isNotNull();
        assertThat(value.compareTo(new BigDecimal(expected))).as("%s -> %s", text, value).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x", "0x1p", "0x1pz", " 0x10", "0x1.2.3", "0xg", "0x1p99999", "0x1p-99999", "0x.", "0x-1"})
    void parseLongDouble_malformedOrOutOfRangeHex_isInvalid(String text) {
        assertThat(StringOps.parseLongDouble(StringOps.ascii(text))).isNull();
    }

    @ParameterizedTest
    @CsvSource({"0x10.8p-1, 8.25", "0x1p-3, 0.125"})
    void formatHuman_hexInput_formatsAsRedis(String text, String expected) {
        assertThat(StringOps.formatHuman(StringOps.parseLongDouble(StringOps.ascii(text)))).isEqualTo(expected);
    }
}
