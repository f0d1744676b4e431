package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.FailureDetectorConfig;
import chkv.cluster.ClusterMessage;
import chkv.cluster.MemberState;
import chkv.node.boot.Providers;
import chkv.node.namenode.ControlFixture.Peer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thousand simulated DataNodes in one JVM heartbeat every 100 ms over ten connections, ten
 * thousand messages a second, for a few seconds: the NameNode keeps up, so the probe detector
 * (whose probes of these addresses, where nothing listens, would fail) suspects none of them.
 */
@Tag("slow")
class HeartbeatScaleTest {
    private static final int MEMBERS = 1_000;
    private static final int CONNECTIONS = 10;

    @TempDir
    Path dir;

    @Test
    void heartbeats_thousandMembersTenTimesASecond_noneSuspected() throws Exception {
        try (ControlFixture fixture = new ControlFixture()) {
            var detector = Providers.failureDetectors().get("probe")
                    .create(new FailureDetectorConfig(Clock.systemUTC(), Duration.ofMillis(100), 3, Map.of()));
            NameNode nameNode = fixture.start(detector, ControlFixture.settings(dir));
            List<Peer> peers = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                peers.add(fixture.connect(nameNode, ControlFixture.SECRET));
            }
            ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor();
            try {
                long started = System.nanoTime();
                // read by the heartbeat thread while joins add to it
                List<String> ids = new CopyOnWriteArrayList<>();
                for (int i = 0; i < MEMBERS; i++) {
                    // joined from one connection, which hears of each epoch in the reply alone
                    Peer peer = peers.getFirst();
                    peer.send(new ClusterMessage.Join("127.0.0.1", 20_000 + i, 0, 1));
                    ClusterMessage.Joined joined = peer.next(ClusterMessage.Joined.class);
                    ids.add(joined.memberId());
                    if (i == 0) {
                        heart.scheduleAtFixedRate(() -> {
                            int m = 0;
                            for (String id : ids) {
                                peers.get(m % CONNECTIONS).client.send(new ClusterMessage.Heartbeat(id, 0, m, m));
                                m++;
                            }
                        }, 0, 100, TimeUnit.MILLISECONDS);
                    }
                }
                System.out.printf("%d joins, one epoch each: %d ms%n", MEMBERS,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                for (Peer p : peers) {
                    p.inbox.clear();
                }
                Thread.sleep(3_000);
                assertThat(nameNode.topology().members()).hasSize(MEMBERS)
                        .allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.UP));
                Peer asker = peers.getFirst();
                asker.inbox.clear();
                asker.send(new ClusterMessage.StatusRequest());
                ClusterMessage.Status status = null;
                while (status == null) {
                    if (asker.next() instanceof ClusterMessage.Status s) {
                        status = s;
                    }
                }
                assertThat(status.topology().members()).allSatisfy(m -> assertThat(m.state()).isEqualTo(MemberState.UP));
                assertThat(status.members()).hasSize(MEMBERS)
                        .allSatisfy(s -> assertThat(s.heartbeatAgeMillis()).isBetween(0L, 300L));
            } finally {
                heart.shutdownNow();
                assertThat(heart.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
