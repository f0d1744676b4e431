package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Placement;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrphanSweepTest {
    private static final HashFunction MURMUR3 = Providers.hashFunctions().get("murmur3").create();
    private static final int KEYS = 5_000;

    private final Store store = Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC()));
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private final ClusterRouter router = new ClusterRouter("127.0.0.1:1");

    @AfterEach
    void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(5, TimeUnit.SECONDS);
        store.close();
    }

    private static Member member(int port) {
        return new Member(Member.idOf("127.0.0.1", port), "127.0.0.1", port, 0, MemberState.UP, 1);
    }

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void afterAnEpochTookRanges_onlyTheKeysStillOwnedRemain() throws Exception {
        router.offer(new Placement(new Topology(1, "cache", 1, 64, "murmur3", List.of(member(1))), MURMUR3));
        for (int i = 0; i < KEYS; i++) {
            store.set(key(i), new byte[] {'v'}, SetOptions.PLAIN);
        }
        Placement two = new Placement(new Topology(2, "cache", 1, 64, "murmur3", List.of(member(1), member(2))), MURMUR3);
        router.offer(two);
        new OrphanSweep(store, router, thread).request();
        long expected = 0;
        for (int i = 0; i < KEYS; i++) {
            if (two.owner(key(i)).id().equals("127.0.0.1:1")) {
                expected++;
            }
        }
        assertThat(expected).isBetween(KEYS / 4L, 3L * KEYS / 4);
        thread.submit(() -> { }).get(5, TimeUnit.SECONDS); // the request is queued before this
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(store.size()).isEqualTo(expected);
        for (int i = 0; i < KEYS; i++) {
            assertThat(store.get(key(i)) != null).as("key:%d", i).isEqualTo(router.owns(key(i)));
        }
    }
}
