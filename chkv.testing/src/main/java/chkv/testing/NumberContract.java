package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.RedisException;
import chkv.api.spi.ExpireCondition;
import org.junit.jupiter.api.Test;

/** Contract: INCR, INCRBY, DECR, DECRBY and INCRBYFLOAT with Redis's parsing, overflow and formatting. */
public abstract class NumberContract extends StringContract {

    private void assertNotAnInteger(String value) {
        set(store, "n", value);
        assertThatThrownBy(() -> store.incrBy(b("n"), 1))
                .as("INCR of %s", value)
                .isInstanceOf(RedisException.class).hasMessage(RedisException.NOT_AN_INTEGER);
        assertThat(get(store, "n")).isEqualTo(value);
    }

    private String incrByFloat(String key, String increment) {
        return s(store.incrByFloat(b(key), b(increment)));
    }

    @Test
    public void incr_absentKey_startsAtZero() {
        assertThat(store.incrBy(b("n"), 1)).isEqualTo(1);
        assertThat(store.incrBy(b("n"), 1)).isEqualTo(2);
        assertThat(get(store, "n")).isEqualTo("2");
        assertThat(store.incrBy(b("m"), -1)).isEqualTo(-1);
    }

    @Test
    public void incrBy_andDecrBy_updateTheDecimalText() {
        set(store, "n", "10");
        assertThat(store.incrBy(b("n"), 5)).isEqualTo(15);
        assertThat(store.incrBy(b("n"), -20)).isEqualTo(-5);
        assertThat(get(store, "n")).isEqualTo("-5");
        assertThat(store.incrBy(b("n"), 5)).isZero();
        assertThat(get(store, "n")).isEqualTo("0");
    }

    @Test
    public void incr_keepsTtl() {
        set(store, "n", "1");
        store.expireAt(b("n"), now() + 3_000, ExpireCondition.ALWAYS);
        store.incrBy(b("n"), 1);
        assertThat(store.pttl(b("n"))).isEqualTo(3_000);
    }

    @Test
    public void incr_expiredKey_startsAfreshWithoutTtl() {
        setExpiring(store, "n", "41", now() + 10);
        clock.advance(11);
        assertThat(store.incrBy(b("n"), 1)).isEqualTo(1);
        assertThat(store.pttl(b("n"))).isEqualTo(-1);
    }

    @Test
    public void incr_notAnInteger_failsAndLeavesValue() {
        for (String bad : new String[] {"-0", "+1", " 1", "1 ", "01", "-01", "", "-", "abc", "1.0",
                "1e3", "123456789012345678901", "9223372036854775808", "-9223372036854775809",
                "00", "0x10"}) {
            assertNotAnInteger(bad);
        }
    }

    @Test
    public void incr_extremeIntegers_parse() {
        set(store, "n", "-9223372036854775808");
        assertThat(store.incrBy(b("n"), 0)).isEqualTo(Long.MIN_VALUE);
        set(store, "n", "9223372036854775807");
        assertThat(store.incrBy(b("n"), 0)).isEqualTo(Long.MAX_VALUE);
        set(store, "n", "12345678901234567");
        assertThat(store.incrBy(b("n"), 1)).isEqualTo(12345678901234568L);
    }

    @Test
    public void incrBy_overflow_failsAndLeavesValue() {
        set(store, "n", "9223372036854775807");
        assertThatThrownBy(() -> store.incrBy(b("n"), 1))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.OVERFLOW);
        set(store, "m", "-9223372036854775808");
        assertThatThrownBy(() -> store.incrBy(b("m"), -1))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.OVERFLOW);
        set(store, "p", "-2");
        assertThatThrownBy(() -> store.incrBy(b("p"), Long.MIN_VALUE))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.OVERFLOW);
        assertThat(get(store, "n")).isEqualTo("9223372036854775807");
        assertThat(get(store, "m")).isEqualTo("-9223372036854775808");
        assertThat(store.incrBy(b("q"), Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    public void incrByFloat_formatsAsRedis() {
        set(store, "f", "10.5");
        assertThat(incrByFloat("f", "0.1")).isEqualTo("10.6");
        assertThat(get(store, "f")).isEqualTo("10.6");
        set(store, "g", "5.0e3");
        assertThat(incrByFloat("g", "200")).isEqualTo("5200");
        assertThat(incrByFloat("h", "3.0e3")).isEqualTo("3000");
        assertThat(incrByFloat("i", "-5")).isEqualTo("-5");
        set(store, "j", "0.1");
        assertThat(incrByFloat("j", "-0.1")).isEqualTo("0");
        set(store, "k", "10");
        assertThat(incrByFloat("k", "0.25")).isEqualTo("10.25");
        assertThat(incrByFloat("k", "+1.75")).isEqualTo("12");
        assertThat(incrByFloat("l", "1e-3")).isEqualTo("0.001");
        assertThat(incrByFloat("m", "1.5e20")).isEqualTo("150000000000000000000");
    }

    @Test
    public void incrByFloat_invalidNumbers_fail() {
        set(store, "f", "abc");
        assertThatThrownBy(() -> incrByFloat("f", "1"))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.NOT_A_FLOAT);
        set(store, "g", "1");
        for (String bad : new String[] {"nan", "NaN", " 1", "1 ", "", "1e5000", "one", "1.2.3"}) {
            assertThatThrownBy(() -> incrByFloat("g", bad)).as("increment %s", bad)
                    .isInstanceOf(RedisException.class).hasMessage(RedisException.NOT_A_FLOAT);
        }
        assertThat(get(store, "g")).isEqualTo("1");
    }

    @Test
    public void incrByFloat_infinity_fails() {
        set(store, "g", "1");
        for (String inf : new String[] {"inf", "-inf", "+Infinity"}) {
            assertThatThrownBy(() -> incrByFloat("g", inf)).as("increment %s", inf)
                    .isInstanceOf(RedisException.class).hasMessage(RedisException.NAN_OR_INFINITY);
        }
        set(store, "h", "inf");
        assertThatThrownBy(() -> incrByFloat("h", "1"))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.NAN_OR_INFINITY);
        assertThat(get(store, "g")).isEqualTo("1");
    }

    @Test
    public void incrByFloat_keepsTtl() {
        set(store, "f", "1.5");
        store.expireAt(b("f"), now() + 2_000, ExpireCondition.ALWAYS);
        incrByFloat("f", "1");
        assertThat(get(store, "f")).isEqualTo("2.5");
        assertThat(store.pttl(b("f"))).isEqualTo(2_000);
    }
}
