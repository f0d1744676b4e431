package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.cluster.ClusterMessage;
import chkv.node.boot.Providers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A target applies hand-over batches in order and answers each; a full cache makes room as a client's write would. */
class ImporterTest {
    private final Store store = Providers.stores().get("heap").create(StoreConfig.of(DataNode.storeClock()));
    private final Importer importer = new Importer(store);
    private final Source source = new Source();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void batch_isWrittenAndAcknowledged_withExpiryAndDeletions() {
        store.set(b("gone"), b("old"), SetOptions.PLAIN);
        long later = System.currentTimeMillis() + 100_000;
        importer.received(source, "datanode", ClusterMessage.ImportBatch.of(7, 1, List.of(
                entry("a", "1", 0), entry("t", "2", later), new ClusterMessage.ImportEntry(b("gone"), null, 0, 0, 0))));
        assertThat(source.sent).containsExactly(new ClusterMessage.ImportAck(1, null));
        assertThat(store.get(b("a"))).isEqualTo(b("1"));
        assertThat(store.pttl(b("t"))).isBetween(1L, 100_000L);
        assertThat(store.get(b("gone"))).isNull();
    }

    @Test
    void fullCacheUnderAnEvictionPolicy_evictsBeforeTheBatch() {
        fill(2_000);
        long limit = store.memoryUsed() / 2;
        store.setMemoryPolicy(limit, EvictionPolicy.ALLKEYS_LRU, 5);
        importer.received(source, "datanode", batch(100));
        assertThat(source.sent).containsExactly(new ClusterMessage.ImportAck(1, null));
        assertThat(store.size()).as("keys after evicting for the batch").isLessThan(2_000);
        assertThat(store.get(b("in99"))).as("the batch's last key").isNotNull();
    }

    @Test
    void fullCacheUnderNoeviction_takesTheBatchAnyway() {
        fill(2_000);
        store.setMemoryPolicy(store.memoryUsed() / 2, EvictionPolicy.NOEVICTION, 5);
        importer.received(source, "datanode", batch(100));
        assertThat(source.sent).containsExactly(new ClusterMessage.ImportAck(1, null));
        assertThat(store.size()).as("nothing evicted, nothing refused").isEqualTo(2_100);
    }

    @Test
    void batchWhoseArraysDisagree_isRefusedInItsAck_andNothingOfItWritten() {
        ClusterMessage.ImportBatch good = batch(3);
        importer.received(source, "datanode", new ClusterMessage.ImportBatch(7, 2, good.bytes(), good.keyLengths(),
                new int[] {3, 100}, good.offsets(), good.lengths(), good.expireAts()));
        assertThat(source.sent).hasSize(1).first().isInstanceOfSatisfying(ClusterMessage.ImportAck.class,
                ack -> assertThat(ack.error()).contains("arrays of 3, 2"));
        assertThat(store.size()).isZero();
    }

    @Test
    void packedBatch_unpacksToTheSameEntries() {
        List<ClusterMessage.ImportEntry> entries = List.of(entry("k", "value", 5),
                new ClusterMessage.ImportEntry(b("gone"), null, 0, 0, 0), new ClusterMessage.ImportEntry(b("big"),
                        b("piece"), 10, 15, 0));
        List<ClusterMessage.ImportEntry> unpacked = ClusterMessage.ImportBatch.of(1, 1, entries).entries();
        assertThat(unpacked).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(unpacked.get(i).key()).isEqualTo(entries.get(i).key());
            assertThat(unpacked.get(i).value()).isEqualTo(entries.get(i).value());
            assertThat(unpacked.get(i)).extracting("offset", "length", "expireAt")
                    .containsExactly(entries.get(i).offset(), entries.get(i).length(), entries.get(i).expireAt());
        }
    }

    private void fill(int keys) {
        for (int i = 0; i < keys; i++) {
            store.set(b("k" + i), new byte[100], SetOptions.PLAIN);
        }
    }

    private static ClusterMessage.ImportBatch batch(int keys) {
        List<ClusterMessage.ImportEntry> entries = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            entries.add(entry("in" + i, "v".repeat(100), 0));
        }
        return ClusterMessage.ImportBatch.of(7, 1, entries);
    }

    private static ClusterMessage.ImportEntry entry(String key, String value, long expireAt) {
        byte[] v = b(value);
        return new ClusterMessage.ImportEntry(b(key), v, 0, v.length, expireAt);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The source's end of the internal connection: keeps what the target answers. */
    private static final class Source implements Transport.MessageConnection {
        final List<Object> sent = new ArrayList<>();

        @Override
        public CompletionStage<Void> send(Object message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
