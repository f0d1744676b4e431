package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.RedisException;
import chkv.api.spi.SetOptions;
import chkv.api.spi.SetOptions.Condition;
import chkv.api.spi.Store;
import org.junit.jupiter.api.Test;

/** Contract: binary safety, SET and its options, GET, GETDEL, GETEX, GETSET, DEL, EXISTS, APPEND, STRLEN, ranges. */
public abstract class StringContract extends StoreFixture {

    private static SetOptions opts(Condition condition, boolean get, long expireAt, boolean keepTtl) {
        return new SetOptions(condition, get, expireAt, keepTtl);
    }

    @Test
    public void get_absentKey_returnsNull() {
        assertThat(store.get(b("nope"))).isNull();
    }

    @Test
    public void set_thenGet_returnsValue() {
        assertThat(set(store, "k", "v")).isTrue();
        assertThat(get(store, "k")).isEqualTo("v");
        assertThat(set(store, "k", "w")).isTrue();
        assertThat(get(store, "k")).isEqualTo("w");
    }

    @Test
    public void set_binaryKeysAndValues_roundTrip() {
        byte[] k1 = {0, 0, 0};
        byte[] k2 = {0, 0};
        byte[] k3 = {(byte) 0xFF, 0, (byte) 0x80};
        byte[] v = {(byte) 0xFF, 0, 1, (byte) 0xFE, 0};
        store.set(k1, v, SetOptions.PLAIN);
        store.set(k2, new byte[] {0}, SetOptions.PLAIN);
        store.set(k3, new byte[0], SetOptions.PLAIN);
        assertThat(store.get(k1)).containsExactly(v);
        assertThat(store.get(k2)).containsExactly(0);
        assertThat(store.get(k3)).isNotNull().isEmpty();
        assertThat(store.get(new byte[] {0})).isNull();
        assertThat(store.strlen(k3)).isZero();
        assertThat(store.exists(k3)).isTrue();
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    public void set_emptyKey_isAKeyLikeAnyOther() {
        store.set(new byte[0], b("x"), SetOptions.PLAIN);
        assertThat(store.get(new byte[0])).containsExactly(b("x"));
        assertThat(store.keys(b("*"))).hasSize(1);
        assertThat(store.delete(new byte[0])).isTrue();
    }

    @Test
    public void set_largeValue_roundTrips() {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        store.set(b("big"), big, SetOptions.PLAIN);
        assertThat(store.get(b("big"))).isEqualTo(big);
    }

    @Test
    public void get_returnsACopy() {
        byte[] value = b("abc");
        store.set(b("k"), value, SetOptions.PLAIN);
        value[0] = 'z';
        store.get(b("k"))[1] = 'z';
        assertThat(get(store, "k")).isEqualTo("abc");
    }

    @Test
    public void set_nx_writesOnlyWhenAbsent() {
        assertThat(store.set(b("k"), b("1"), opts(Condition.NX, false, 0, false)).written()).isTrue();
        assertThat(store.set(b("k"), b("2"), opts(Condition.NX, false, 0, false)).written()).isFalse();
        assertThat(get(store, "k")).isEqualTo("1");
    }

    @Test
    public void set_xx_writesOnlyWhenPresent() {
        assertThat(store.set(b("k"), b("1"), opts(Condition.XX, false, 0, false)).written()).isFalse();
        assertThat(store.exists(b("k"))).isFalse();
        set(store, "k", "0");
        assertThat(store.set(b("k"), b("2"), opts(Condition.XX, false, 0, false)).written()).isTrue();
        assertThat(get(store, "k")).isEqualTo("2");
    }

    @Test
    public void set_get_returnsPreviousValue() {
        Store.SetResult first = store.set(b("k"), b("1"), opts(Condition.NONE, true, 0, false));
        assertThat(first.written()).isTrue();
        assertThat(first.previous()).isNull();
        Store.SetResult second = store.set(b("k"), b("2"), opts(Condition.NONE, true, 0, false));
        assertThat(s(second.previous())).isEqualTo("1");
        assertThat(get(store, "k")).isEqualTo("2");
    }

    @Test
    public void set_nxGet_onPresentKey_returnsPreviousWithoutWriting() {
        set(store, "k", "old");
        Store.SetResult r = store.set(b("k"), b("new"), opts(Condition.NX, true, 0, false));
        assertThat(r.written()).isFalse();
        assertThat(s(r.previous())).isEqualTo("old");
        assertThat(get(store, "k")).isEqualTo("old");
    }

    @Test
    public void set_xxGet_onAbsentKey_returnsNullWithoutWriting() {
        Store.SetResult r = store.set(b("k"), b("new"), opts(Condition.XX, true, 0, false));
        assertThat(r.written()).isFalse();
        assertThat(r.previous()).isNull();
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void set_withExpiry_setsTtl_andPlainSetClearsIt() {
        store.set(b("k"), b("v"), opts(Condition.NONE, false, now() + 10_000, false));
        assertThat(store.pttl(b("k"))).isEqualTo(10_000);
        assertThat(store.expireTime(b("k"))).isEqualTo(now() + 10_000);
        set(store, "k", "w");
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
    }

    @Test
    public void set_keepTtl_keepsExistingExpiry() {
        store.set(b("k"), b("v"), opts(Condition.NONE, false, now() + 5_000, false));
        store.set(b("k"), b("w"), opts(Condition.NONE, false, Store.NO_EXPIRY, true));
        assertThat(get(store, "k")).isEqualTo("w");
        assertThat(store.pttl(b("k"))).isEqualTo(5_000);
        store.set(b("fresh"), b("x"), opts(Condition.NONE, false, Store.NO_EXPIRY, true));
        assertThat(store.pttl(b("fresh"))).isEqualTo(-1);
    }

    @Test
    public void set_xxWithExpiry_replacesExpiry() {
        store.set(b("k"), b("v"), opts(Condition.NONE, false, now() + 5_000, false));
        store.set(b("k"), b("w"), opts(Condition.XX, true, now() + 9_000, false));
        assertThat(store.pttl(b("k"))).isEqualTo(9_000);
    }

    @Test
    public void set_pastExpiry_keyIsNotVisible() {
        Store.SetResult r = store.set(b("k"), b("v"), opts(Condition.NONE, false, now() - 1, false));
        assertThat(r.written()).isTrue();
        assertThat(store.get(b("k"))).isNull();
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void set_onExpiredKey_nxWrites() {
        setExpiring(store, "k", "v", now() + 100);
        clock.advance(101);
        assertThat(store.set(b("k"), b("w"), opts(Condition.NX, true, 0, false)))
                .isEqualTo(new Store.SetResult(true, null));
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
    }

    @Test
    public void getSet_returnsOldAndWrites() {
        Store.SetResult r = store.set(b("k"), b("a"), opts(Condition.NONE, true, 0, false));
        assertThat(r.previous()).isNull();
        r = store.set(b("k"), b("b"), opts(Condition.NONE, true, 0, false));
        assertThat(s(r.previous())).isEqualTo("a");
        assertThat(get(store, "k")).isEqualTo("b");
    }

    @Test
    public void getDel_returnsAndRemoves() {
        assertThat(store.getDel(b("k"))).isNull();
        set(store, "k", "v");
        assertThat(s(store.getDel(b("k")))).isEqualTo("v");
        assertThat(store.exists(b("k"))).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    public void getEx_changesExpiryAsAsked() {
        assertThat(store.getEx(b("none"), now() + 100)).isNull();
        assertThat(store.exists(b("none"))).isFalse();
        set(store, "k", "v");
        assertThat(s(store.getEx(b("k"), now() + 1_000))).isEqualTo("v");
        assertThat(store.pttl(b("k"))).isEqualTo(1_000);
        assertThat(s(store.getEx(b("k"), Store.KEEP_EXPIRY))).isEqualTo("v");
        assertThat(store.pttl(b("k"))).isEqualTo(1_000);
        assertThat(s(store.getEx(b("k"), Store.NO_EXPIRY))).isEqualTo("v");
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
        assertThat(s(store.getEx(b("k"), now() - 1))).isEqualTo("v");
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void delete_andExists() {
        assertThat(store.delete(b("k"))).isFalse();
        set(store, "k", "v");
        assertThat(store.exists(b("k"))).isTrue();
        assertThat(store.delete(b("k"))).isTrue();
        assertThat(store.delete(b("k"))).isFalse();
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void append_createsAndExtends_keepingTtl() {
        assertThat(store.append(b("k"), b("Hello"))).isEqualTo(5);
        store.expireAt(b("k"), now() + 5_000, chkv.api.spi.ExpireCondition.ALWAYS);
        assertThat(store.append(b("k"), new byte[] {0, ' ', 'W'})).isEqualTo(8);
        assertThat(store.get(b("k"))).containsExactly('H', 'e', 'l', 'l', 'o', 0, ' ', 'W');
        assertThat(store.pttl(b("k"))).isEqualTo(5_000);
        assertThat(store.append(b("k"), new byte[0])).isEqualTo(8);
        assertThat(store.append(b("e"), new byte[0])).isZero();
        assertThat(store.exists(b("e"))).isTrue();
    }

    @Test
    public void strlen_absentIsZero() {
        assertThat(store.strlen(b("k"))).isZero();
        set(store, "k", "hello");
        assertThat(store.strlen(b("k"))).isEqualTo(5);
    }

    @Test
    public void setRange_padsWithZeros_andKeepsTtl() {
        assertThat(store.setRange(b("k"), 3, b("ab"))).isEqualTo(5);
        assertThat(store.get(b("k"))).containsExactly(0, 0, 0, 'a', 'b');
        set(store, "h", "Hello World");
        store.expireAt(b("h"), now() + 7_000, chkv.api.spi.ExpireCondition.ALWAYS);
        assertThat(store.setRange(b("h"), 6, b("Redis"))).isEqualTo(11);
        assertThat(get(store, "h")).isEqualTo("Hello Redis");
        assertThat(store.setRange(b("h"), 11, b("!"))).isEqualTo(12);
        assertThat(get(store, "h")).isEqualTo("Hello Redis!");
        assertThat(store.pttl(b("h"))).isEqualTo(7_000);
    }

    @Test
    public void setRange_emptyBytes_doesNotCreateKey() {
        assertThat(store.setRange(b("k"), 10, new byte[0])).isZero();
        assertThat(store.exists(b("k"))).isFalse();
        set(store, "h", "abc");
        assertThat(store.setRange(b("h"), 100, new byte[0])).isEqualTo(3);
        assertThat(get(store, "h")).isEqualTo("abc");
    }

    @Test
    public void setRange_badOffsets_fail() {
        assertThatThrownBy(() -> store.setRange(b("k"), -1, b("x")))
                .isInstanceOf(RedisException.class).hasMessage("ERR offset is out of range");
        assertThatThrownBy(() -> store.setRange(b("k"), Store.MAX_STRING_LENGTH, b("x")))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.STRING_TOO_LONG);
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void setRange_offsetNearLongMax_failsAsTooLongRatherThanOverflowing() {
        assertThatThrownBy(() -> store.setRange(b("k"), Long.MAX_VALUE, b("x")))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.STRING_TOO_LONG);
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void getRange_followsRedisIndexRules() {
        set(store, "k", "This is a string");
        assertThat(s(store.getRange(b("k"), 0, 3))).isEqualTo("This");
        assertThat(s(store.getRange(b("k"), -3, -1))).isEqualTo("ing");
        assertThat(s(store.getRange(b("k"), 0, -1))).isEqualTo("This is a string");
        assertThat(s(store.getRange(b("k"), 10, 100))).isEqualTo("string");
        assertThat(s(store.getRange(b("k"), -100, 3))).isEqualTo("This");
        assertThat(s(store.getRange(b("k"), 5, 3))).isEmpty();
        assertThat(s(store.getRange(b("k"), -1, -5))).isEmpty();
        assertThat(s(store.getRange(b("k"), 16, 20))).isEmpty();
        assertThat(s(store.getRange(b("k"), -1, -1))).isEqualTo("g");
        assertThat(s(store.getRange(b("absent"), 0, -1))).isEmpty();
        set(store, "e", "");
        assertThat(s(store.getRange(b("e"), 0, -1))).isEmpty();
    }

    /** APPEND growth: a value built from many appends of every size is exactly their concatenation. */
    @Test
    public void append_manyTimes_buildsExactlyTheConcatenation() {
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(7);
        store.expireAt(b("k"), now() + 9_000, chkv.api.spi.ExpireCondition.ALWAYS); // absent: no-op
        for (int i = 0; i < 3_000; i++) {
            byte[] part = new byte[i % 100 == 99 ? 5_000 : random.nextInt(40)];
            random.nextBytes(part);
            expected.writeBytes(part);
            assertThat(store.append(b("k"), part)).as("length after append %d", i).isEqualTo(expected.size());
            if (i == 10) {
                store.expireAt(b("k"), now() + 9_000, chkv.api.spi.ExpireCondition.ALWAYS);
            }
        }
        byte[] all = expected.toByteArray();
        assertThat(store.get(b("k"))).isEqualTo(all);
        assertThat(store.strlen(b("k"))).isEqualTo(all.length);
        assertThat(store.pttl(b("k"))).isEqualTo(9_000);
        assertThat(store.getRange(b("k"), 100_000, 100_009)).isEqualTo(java.util.Arrays.copyOfRange(all, 100_000, 100_010));
        assertThat(store.getRange(b("k"), -3, -1)).isEqualTo(java.util.Arrays.copyOfRange(all, all.length - 3, all.length));
    }

    @Test
    public void setRange_pastTheEndOfAGrownValue_zeroFillsTheGap() {
        byte[] big = new byte[20_000];
        java.util.Arrays.fill(big, (byte) 'a');
        store.append(b("k"), big);
        store.append(b("k"), b("b")); // now with room to grow in place
        assertThat(store.setRange(b("k"), 30_000, b("z"))).isEqualTo(30_001);
        byte[] value = store.get(b("k"));
        assertThat(value).hasSize(30_001);
        assertThat(value[20_000]).isEqualTo((byte) 'b');
        assertThat(java.util.Arrays.copyOfRange(value, 20_001, 30_000)).containsOnly(0);
        assertThat(value[30_000]).isEqualTo((byte) 'z');
    }

    @Test
    public void setRange_pastTheEndAfterAShorterSet_zeroFillsRatherThanShowingOldBytes() {
        byte[] longer = new byte[20_000];
        java.util.Arrays.fill(longer, (byte) 'a');
        store.set(b("k"), longer, SetOptions.PLAIN);
        byte[] shorter = new byte[12_000];
        java.util.Arrays.fill(shorter, (byte) 'b');
        store.set(b("k"), shorter, SetOptions.PLAIN);
        assertThat(store.setRange(b("k"), 15_000, b("z"))).isEqualTo(15_001);
        byte[] value = store.get(b("k"));
        assertThat(java.util.Arrays.copyOfRange(value, 0, 12_000)).containsOnly('b');
        assertThat(java.util.Arrays.copyOfRange(value, 12_000, 15_000)).containsOnly(0);
        store.append(b("k"), b("!"));
        assertThat(store.getRange(b("k"), 14_999, -1)).containsExactly(0, 'z', '!');
    }

    @Test
    public void setRange_pastTheLimit_failsAndLeavesTheValue() {
        byte[] big = new byte[1 << 20];
        store.set(b("k"), big, SetOptions.PLAIN);
        assertThatThrownBy(() -> store.setRange(b("k"), Store.MAX_STRING_LENGTH - 1, b("xy")))
                .isInstanceOf(RedisException.class).hasMessage(RedisException.STRING_TOO_LONG);
        assertThat(store.strlen(b("k"))).isEqualTo(1 << 20);
    }

    @Test
    public void getRange_ofALargeValue_returnsTheRange() {
        byte[] big = new byte[100_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        store.set(b("k"), big, SetOptions.PLAIN);
        assertThat(store.getRange(b("k"), 50_000, 50_003)).containsExactly(big[50_000], big[50_001], big[50_002], big[50_003]);
        assertThat(store.getRange(b("k"), 0, -1)).isEqualTo(big);
        store.expireAt(b("k"), now() + 10, chkv.api.spi.ExpireCondition.ALWAYS);
        clock.advance(10);
        assertThat(store.getRange(b("k"), 0, 3)).isEmpty();
    }
}
