package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.ExpireCondition;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contract: EXPIRE and friends with NX/XX/GT/LT, TTL, PERSIST, lazy invisibility and active expiry. */
public abstract class ExpiryContract extends NumberContract {

    private static final ExpireCondition NX = new ExpireCondition(true, false, false, false);
    private static final ExpireCondition XX = new ExpireCondition(false, true, false, false);
    private static final ExpireCondition GT = new ExpireCondition(false, false, true, false);
    private static final ExpireCondition LT = new ExpireCondition(false, false, false, true);

    private boolean expire(String key, long at, ExpireCondition condition) {
        return store.expireAt(b(key), at, condition);
    }

    @Test
    public void expireAt_absentKey_returnsFalse() {
        assertThat(expire("k", now() + 1_000, ExpireCondition.ALWAYS)).isFalse();
        assertThat(store.exists(b("k"))).isFalse();
    }

    @Test
    public void expireAt_setsTtl_andKeyVanishesOneMsAfter() {
        set(store, "k", "v");
        assertThat(expire("k", now() + 1_000, ExpireCondition.ALWAYS)).isTrue();
        assertThat(store.pttl(b("k"))).isEqualTo(1_000);
        assertThat(store.expireTime(b("k"))).isEqualTo(now() + 1_000);
        clock.advance(999);
        assertThat(get(store, "k")).isEqualTo("v");
        assertThat(store.pttl(b("k"))).isEqualTo(1);
        clock.advance(2);
        assertThat(store.get(b("k"))).isNull();
        assertThat(store.exists(b("k"))).isFalse();
        assertThat(store.strlen(b("k"))).isZero();
        assertThat(store.pttl(b("k"))).isEqualTo(-2);
        assertThat(store.expireTime(b("k"))).isEqualTo(-2);
        assertThat(store.getDel(b("k"))).isNull();
        assertThat(store.delete(b("k"))).isFalse();
        assertThat(store.persist(b("k"))).isFalse();
        assertThat(store.keys(b("*"))).isEmpty();
    }

    @Test
    public void expireAt_pastTime_deletesKey() {
        set(store, "k", "v");
        assertThat(expire("k", now(), ExpireCondition.ALWAYS)).isTrue();
        assertThat(store.exists(b("k"))).isFalse();
        set(store, "j", "v");
        assertThat(expire("j", now() - 5_000, ExpireCondition.ALWAYS)).isTrue();
        assertThat(store.exists(b("j"))).isFalse();
        assertThat(store.size()).isZero();
    }

    @Test
    public void expireAt_nx_onlyWithoutExpiry() {
        set(store, "k", "v");
        assertThat(expire("k", now() + 1_000, NX)).isTrue();
        assertThat(expire("k", now() + 2_000, NX)).isFalse();
        assertThat(store.pttl(b("k"))).isEqualTo(1_000);
    }

    @Test
    public void expireAt_xx_onlyWithExpiry() {
        set(store, "k", "v");
        assertThat(expire("k", now() + 1_000, XX)).isFalse();
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
        expire("k", now() + 1_000, ExpireCondition.ALWAYS);
        assertThat(expire("k", now() + 2_000, XX)).isTrue();
        assertThat(store.pttl(b("k"))).isEqualTo(2_000);
    }

    @Test
    public void expireAt_gt_persistentKeyCountsAsInfinite() {
        set(store, "k", "v");
        assertThat(expire("k", now() + 1_000, GT)).isFalse();
        expire("k", now() + 1_000, ExpireCondition.ALWAYS);
        assertThat(expire("k", now() + 500, GT)).isFalse();
        assertThat(expire("k", now() + 1_000, GT)).isFalse();
        assertThat(expire("k", now() + 3_000, GT)).isTrue();
        assertThat(store.pttl(b("k"))).isEqualTo(3_000);
    }

    @Test
    public void expireAt_lt_persistentKeyCountsAsInfinite() {
        set(store, "k", "v");
        assertThat(expire("k", now() + 5_000, LT)).isTrue();
        assertThat(expire("k", now() + 6_000, LT)).isFalse();
        assertThat(expire("k", now() + 5_000, LT)).isFalse();
        assertThat(expire("k", now() + 4_000, LT)).isTrue();
        assertThat(store.pttl(b("k"))).isEqualTo(4_000);
    }

    @Test
    public void expireAt_xxGt_combined() {
        ExpireCondition xxGt = new ExpireCondition(false, true, true, false);
        set(store, "k", "v");
        assertThat(expire("k", now() + 1_000, xxGt)).isFalse();
        expire("k", now() + 1_000, ExpireCondition.ALWAYS);
        assertThat(expire("k", now() + 2_000, xxGt)).isTrue();
    }

    @Test
    public void persist_removesExpiry() {
        assertThat(store.persist(b("k"))).isFalse();
        set(store, "k", "v");
        assertThat(store.persist(b("k"))).isFalse();
        expire("k", now() + 1_000, ExpireCondition.ALWAYS);
        assertThat(store.persist(b("k"))).isTrue();
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
        assertThat(store.expireTime(b("k"))).isEqualTo(-1);
        clock.advance(5_000);
        assertThat(get(store, "k")).isEqualTo("v");
    }

    @Test
    public void pttl_absentAndPersistent() {
        assertThat(store.pttl(b("k"))).isEqualTo(-2);
        assertThat(store.expireTime(b("k"))).isEqualTo(-2);
        set(store, "k", "v");
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
        assertThat(store.expireTime(b("k"))).isEqualTo(-1);
    }

    @Test
    public void expiredKey_isReplacedBySet() {
        setExpiring(store, "k", "old", now() + 10);
        clock.advance(11);
        assertThat(store.append(b("k"), b("new"))).isEqualTo(3);
        assertThat(get(store, "k")).isEqualTo("new");
        assertThat(store.pttl(b("k"))).isEqualTo(-1);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    public void reclaimExpired_reclaimsOnlyExpiredKeys() {
        for (int i = 0; i < 500; i++) {
            setExpiring(store, "v" + i, "x", now() + 100 + i % 7);
            set(store, "p" + i, "y");
            setExpiring(store, "f" + i, "z", now() + 1_000_000);
        }
        assertThat(store.size()).isEqualTo(1_500);
        assertThat(store.reclaimExpired(1_000)).isZero();
        clock.advance(200);
        long reclaimed = 0;
        for (int round = 0; round < 10_000 && store.size() > 1_000; round++) {
            reclaimed += store.reclaimExpired(1_000);
        }
        assertThat(store.size()).isEqualTo(1_000);
        assertThat(reclaimed).isEqualTo(500);
        for (int i = 0; i < 500; i++) {
            assertThat(get(store, "p" + i)).isEqualTo("y");
            assertThat(get(store, "f" + i)).isEqualTo("z");
        }
    }

    @Test
    public void reclaimExpired_reportsTheTtlOfEachLiveKeyItExamines() {
        for (int i = 0; i < 100; i++) {
            setExpiring(store, "a" + i, "x", now() + 10_000);
            setExpiring(store, "b" + i, "x", now() + 30_000);
            setExpiring(store, "d" + i, "x", now() + 5);
            set(store, "p" + i, "y");
        }
        clock.advance(10);
        List<Long> ttls = new ArrayList<>();
        long reclaimed = 0;
        for (int round = 0; round < 1_000 && store.size() > 300; round++) {
            reclaimed += store.reclaimExpired(1_000, ttls::add);
        }
        assertThat(reclaimed).isEqualTo(100);
        // only keys alive with a TTL, each with what it has left; expired and persistent keys never
        assertThat(ttls).isNotEmpty().allSatisfy(ttl -> assertThat(ttl).isIn(9_990L, 29_990L));
        assertThat(ttls).contains(9_990L, 29_990L);
    }

    @Test
    public void reclaimExpired_fewKeysWithATtlAmongMany_areStillFound() {
        for (int i = 0; i < 30_000; i++) {
            set(store, "p" + i, "y");
        }
        for (int i = 0; i < 3; i++) {
            setExpiring(store, "v" + i, "x", now() + 10);
        }
        clock.advance(11);
        long reclaimed = 0;
        for (int round = 0; round < 10_000 && reclaimed < 3; round++) {
            reclaimed += store.reclaimExpired(20);
        }
        assertThat(reclaimed).isEqualTo(3);
        assertThat(store.size()).isEqualTo(30_000);
        assertThat(store.expiringKeys()).isZero();
    }

    @Test
    public void reclaimExpired_respectsMaxChecks() {
        for (int i = 0; i < 2_000; i++) {
            setExpiring(store, "v" + i, "x", now() + 10);
        }
        clock.advance(11);
        int reclaimed = store.reclaimExpired(50);
        assertThat(reclaimed).isBetween(0, 50);
        assertThat(store.size()).isEqualTo(2_000L - reclaimed);
    }

    @Test
    public void getEx_onExpiredKey_returnsNull() {
        setExpiring(store, "k", "v", now() + 10);
        clock.advance(11);
        assertThat(store.getEx(b("k"), Store.NO_EXPIRY)).isNull();
        assertThat(store.exists(b("k"))).isFalse();
    }
}
