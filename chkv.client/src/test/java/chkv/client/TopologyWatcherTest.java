package chkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.cluster.ClusterAuth;
import chkv.cluster.Placement;
import chkv.cluster.Topology;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only newer epochs are applied, in order, and a lost NameNode is reconnected to. */
class TopologyWatcherTest {
    private final FakeCluster cluster = new FakeCluster(7001, 7002);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> applied = new CopyOnWriteArrayList<>();
    private final TopologyWatcher watcher = new TopologyWatcher(cluster, FakeCluster.NAME_NODE, "client",
            new ClusterAuth(FakeCluster.SECRET), name -> FakeCluster::fnv, timer, p -> applied.add(p.epoch()));

    @AfterEach
    void close() throws InterruptedException {
        watcher.close();
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        cluster.close();
    }

    private void awaitEpoch(long epoch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((watcher.current() == null || watcher.current().epoch() < epoch) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(watcher.current().epoch()).isEqualTo(epoch);
    }

    @Test
    void olderAndSameEpochs_areNeverApplied() throws Exception {
        Placement first = watcher.start().get(10, TimeUnit.SECONDS);
        Topology one = cluster.topology;
        assertThat(first.epoch()).isEqualTo(one.epoch());
        cluster.publish(one.members().subList(0, 1));
        Topology two = cluster.topology;
        awaitEpoch(two.epoch());

        cluster.push(one); // late, as a delayed message would bring it
        cluster.push(new Topology(two.epoch(), "cache", 1, 64, "fnv", one.members())); // a clash on the same epoch
        cluster.publish(one.members());
        awaitEpoch(two.epoch() + 1);
        assertThat(applied).containsExactly(one.epoch(), two.epoch(), two.epoch() + 1);
    }

    @Test
    void lostNameNode_keepsTheTopology_andReconnectsWithBackoff() throws Exception {
        watcher.start().get(10, TimeUnit.SECONDS);
        cluster.nameNodeUp = false;
        cluster.dropControlConnections();
        long lost = System.nanoTime();
        assertThat(watcher.current()).isNotNull(); // still serving on the last topology
        Thread.sleep(TopologyWatcher.FIRST_BACKOFF_MILLIS * 4);
        cluster.nameNodeUp = true;
        cluster.publish(cluster.topology.members().subList(0, 1));
        awaitEpoch(cluster.topology.epoch());
        assertThat(System.nanoTime() - lost).isLessThan(TimeUnit.MILLISECONDS.toNanos(
                TopologyWatcher.MAX_BACKOFF_MILLIS * 3));
        assertThat(cluster.roles).hasSize(2);
    }
}
