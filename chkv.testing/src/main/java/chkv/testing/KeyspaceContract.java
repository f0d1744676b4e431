package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.ExpireCondition;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Contract: KEYS with Redis's globs, SCAN and its guarantee, DBSIZE, FLUSHALL, hash-range iteration, memory accounting. */
public abstract class KeyspaceContract extends ExpiryContract {

    private Set<String> keys(String pattern) {
        Set<String> out = new HashSet<>();
        for (byte[] k : store.keys(b(pattern))) {
            assertThat(out.add(s(k))).as("KEYS returned %s twice", s(k)).isTrue();
        }
        return out;
    }

    private static List<byte[]> bytes(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(b(t));
        }
        return out;
    }

    private List<String> getAll(String... keys) {
        List<String> out = new ArrayList<>();
        store.getAll(bytes(keys)).forEach(v -> out.add(s(v)));
        return out;
    }

    @Test
    public void getAll_readsEachKeyInOrder_nullForMissingOrExpired() {
        set(store, "a", "1");
        set(store, "b", "2");
        setExpiring(store, "dead", "x", now() + 5);
        clock.advance(10);
        assertThat(getAll("b", "missing", "a", "dead", "b")).containsExactly("2", null, "1", null, "2");
        assertThat(store.getAll(List.of())).isEmpty();
    }

    @Test
    public void setAll_writesEveryKey_dropsTtls_lastRepeatWins() {
        setExpiring(store, "a", "old", now() + 1_000);
        assertThat(store.setAll(bytes("a", "b", "c", "b"), bytes("1", "2", "3", "4"), false)).isTrue();
        assertThat(getAll("a", "b", "c")).containsExactly("1", "4", "3");
        assertThat(store.pttl(b("a"))).isEqualTo(-1);
        assertThat(store.size()).isEqualTo(3);
    }

    @Test
    public void setAll_onlyIfNoneExist_writesAllOrNothing() {
        set(store, "b", "old");
        setExpiring(store, "dead", "x", now() + 5);
        assertThat(store.setAll(bytes("a", "b", "c"), bytes("1", "2", "3"), true)).isFalse();
        assertThat(getAll("a", "b", "c")).containsExactly(null, "old", null);
        clock.advance(10); // an expired key counts as absent
        assertThat(store.setAll(bytes("a", "dead", "c", "a"), bytes("1", "2", "3", "4"), true)).isTrue();
        assertThat(getAll("a", "dead", "c")).containsExactly("4", "2", "3");
    }

    @Test
    public void keys_matchesRedisGlobs() {
        for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h[e]llo", "x\\y")) {
            set(store, k, "1");
        }
        assertThat(keys("*")).hasSize(8);
        assertThat(keys("h?llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "h*llo");
        assertThat(keys("h*llo")).containsExactlyInAnyOrder(
                "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h[e]llo");
        assertThat(keys("h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(keys("h[^e]llo")).containsExactlyInAnyOrder("hallo", "hxllo", "h*llo");
        assertThat(keys("h[a-b]llo")).containsExactlyInAnyOrder("hallo");
        assertThat(keys("h[b-a]llo")).containsExactlyInAnyOrder("hallo");
        assertThat(keys("h\\*llo")).containsExactlyInAnyOrder("h*llo");
        assertThat(keys("h\\[e]llo")).containsExactlyInAnyOrder("h[e]llo");
        assertThat(keys("x\\\\y")).containsExactlyInAnyOrder("x\\y");
        assertThat(keys("nomatch*")).isEmpty();
        assertThat(keys("hello")).containsExactly("hello");
    }

    @Test
    public void keys_binaryPatternAndKeys() {
        store.set(new byte[] {'a', 0, (byte) 0xFF}, b("1"), SetOptions.PLAIN);
        store.set(new byte[] {'a', 1}, b("1"), SetOptions.PLAIN);
        assertThat(store.keys(new byte[] {'a', 0, '*'})).hasSize(1);
        assertThat(store.keys(new byte[] {'a', '?', (byte) 0xFF})).hasSize(1);
        assertThat(store.keys(b("a*"))).hasSize(2);
    }

    @Test
    public void scan_emptyStore_completes() {
        assertThat(scanAll(store, 10, () -> {})).isEmpty();
    }

    @Test
    public void scan_returnsEveryKey() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 3_000; i++) {
            set(store, "key:" + i, "v");
            expected.add("key:" + i);
        }
        assertThat(scanAll(store, 10, () -> {})).isEqualTo(expected);
        assertThat(scanAll(store, 1, () -> {})).isEqualTo(expected);
        assertThat(scanAll(store, 100_000, () -> {})).isEqualTo(expected);
    }

    @Test
    public void scan_matchAndCount_filterAfterTheStep() {
        for (int i = 0; i < 500; i++) {
            set(store, (i % 5 == 0 ? "user:" : "item:") + i, "v");
        }
        Set<String> found = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        do {
            Store.ScanPage page = store.scan(cursor, b("user:*"), 20);
            page.keys().forEach(k -> found.add(s(k)));
            cursor = page.cursor();
            steps++;
        } while (cursor != 0 && steps < 1_000_000);
        assertThat(found).hasSize(100).allMatch(k -> k.startsWith("user:"));
        assertThat(steps).isGreaterThan(1);
    }

    @Test
    public void scan_keyPresentThroughout_isSeenWhileTableGrowsAndShrinks() {
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            set(store, "stable:" + i, "v");
            stable.add("stable:" + i);
        }
        int[] step = {0};
        Set<String> seen = scanAll(store, 5, () -> {
            int round = step[0]++;
            if (round % 4 == 0) {
                for (int i = 0; i < 2_000; i++) {
                    set(store, "churn:" + round + ":" + i, "x");
                }
            } else if (round % 4 == 2) {
                for (int i = 0; i < 2_000; i++) {
                    store.delete(b("churn:" + (round - 2) + ":" + i));
                }
            }
        });
        assertThat(seen).containsAll(stable);
        assertThat(store.size()).isBetween(300L, 2_300L);
    }

    @Test
    public void scan_skipsExpiredKeys() {
        set(store, "live", "v");
        setExpiring(store, "dead", "v", now() + 5);
        clock.advance(6);
        assertThat(scanAll(store, 10, () -> {})).containsExactly("live");
    }

    @Test
    public void expiringKeys_countsKeysWithATtl_untilPersistDeleteOrClear() {
        assertThat(store.expiringKeys()).isZero();
        set(store, "plain", "v");
        for (int i = 0; i < 100; i++) {
            store.set(b("t" + i), b("v"), new SetOptions(SetOptions.Condition.NONE, false,
                    clock.millis() + 10_000, false));
        }
        assertThat(store.expiringKeys()).isEqualTo(100);
        store.persist(b("t0"));
        store.delete(b("t1"));
        store.set(b("t2"), b("overwritten without ttl"), SetOptions.PLAIN);
        store.expireAt(b("plain"), clock.millis() + 5, ExpireCondition.ALWAYS);
        assertThat(store.expiringKeys()).isEqualTo(98);
        store.clear();
        assertThat(store.expiringKeys()).isZero();
    }

    @Test
    public void size_countsKeys_andClearEmpties() {
        assertThat(store.size()).isZero();
        for (int i = 0; i < 1_000; i++) {
            set(store, "k" + i, "v");
        }
        set(store, "k0", "again");
        assertThat(store.size()).isEqualTo(1_000);
        store.delete(b("k1"));
        assertThat(store.size()).isEqualTo(999);
        store.clear();
        assertThat(store.size()).isZero();
        assertThat(store.get(b("k2"))).isNull();
        assertThat(scanAll(store, 10, () -> {})).isEmpty();
        set(store, "after", "v");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    public void memoryUsed_growsWithData_andShrinksAfterDeleteAndClear() {
        long empty = store.memoryUsed();
        assertThat(empty).isNotNegative();
        byte[] value = new byte[100];
        for (int i = 0; i < 10_000; i++) {
            store.set(b(String.format("key:%012d", i)), value, SetOptions.PLAIN);
        }
        long full = store.memoryUsed();
        assertThat(full - empty).as("bytes for 10,000 keys of 16 + 100 bytes")
                .isGreaterThan(10_000L * 116);
        for (int i = 0; i < 5_000; i++) {
            store.delete(b(String.format("key:%012d", i)));
        }
        long half = store.memoryUsed();
        assertThat(half).isLessThan(full - 5_000L * 116);
        store.clear();
        assertThat(store.memoryUsed()).isLessThan(half - 5_000L * 116);
    }

    @Test
    public void memoryUsed_followsValueSize() {
        set(store, "k", "v");
        long small = store.memoryUsed();
        store.set(b("k"), new byte[100_000], SetOptions.PLAIN);
        assertThat(store.memoryUsed()).isGreaterThanOrEqualTo(small + 100_000 - 8);
        set(store, "k", "v");
        assertThat(store.memoryUsed()).isLessThan(small + 1_000);
    }

    @Test
    public void randomKey_empty_isNull_andExpiredKeysAreNeverPicked() {
        assertThat(store.randomKey()).isNull();
        setExpiring(store, "gone", "v", now() + 10);
        set(store, "live", "v");
        clock.advance(11);
        for (int i = 0; i < 100; i++) {
            assertThat(s(store.randomKey())).isEqualTo("live");
        }
        store.delete(b("live"));
        assertThat(store.randomKey()).isNull();
    }

    /** Redis's RANDOMKEY is about uniform: 2,000 picks among 2,000 keys reach most of them, none often. */
    @Test
    public void randomKey_isAboutUniform() {
        for (int i = 0; i < 2_000; i++) {
            set(store, "key:" + i, "v");
        }
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            picks.merge(s(store.randomKey()), 1, Integer::sum);
        }
        assertThat(picks).doesNotContainKey(null);
        // uniform picks reach 1 - 1/e of the keys (1,264) and none more than 8 times
        assertThat(picks.size()).as("distinct keys of 2,000 picks").isGreaterThan(1_000);
        assertThat(picks.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("picks of the most picked key").isLessThanOrEqualTo(12);
    }
}
