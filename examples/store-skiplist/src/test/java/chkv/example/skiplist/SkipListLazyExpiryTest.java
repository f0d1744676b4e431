package chkv.example.skiplist;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.ExpireCondition;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A read that finds a key expired deletes it, as Redis does, so DBSIZE stops counting it at once. */
class SkipListLazyExpiryTest {

    @Test
    void get_keyThatExpired_deletesIt_soSizeStopsCountingIt() {
        FakeClock clock = new FakeClock(1_000_000);
        try (Store store = new SkipListStorage.Provider().create(StoreConfig.of(clock))) {
            store.set(b("k"), b("v"), chkv.api.spi.SetOptions.PLAIN);
            store.set(b("stays"), b("v"), chkv.api.spi.SetOptions.PLAIN);
            assertThat(store.expireAt(b("k"), clock.millis() + 10, ExpireCondition.ALWAYS)).isTrue();
            clock.advance(11);
            assertThat(store.size()).as("before the read: not yet reclaimed").isEqualTo(2);
            assertThat(store.get(b("k"))).isNull();
            assertThat(store.size()).as("after a read found it expired").isEqualTo(1);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
