package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.node.boot.Providers;
import chkv.node.datanode.DataNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

/**
 * Jedis's transactions and its WATCH recipe against a standalone DataNode, from several threads,
 * on four I/O threads so that connections really run at once (the default on two cores is one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JedisTransactionTest {
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final int IO_THREADS = 4;
    private DataNode node;

    @BeforeAll
    void startNode() {
        Store store = Providers.stores().get("heap").create(StoreConfig.of(DataNode.storeClock()));
        TransportConfig d = TransportConfig.defaults();
        Transport transport;
        try {
            transport = Providers.transports().get("netty").create(new TransportConfig(IO_THREADS,
                    d.maxBulkLength(), d.maxInlineLength(), d.maxMultiBulkLength(), d.maxFrameLength(),
                    d.protocolVersion(), d.messageTypes(), d.options()));
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
        node = DataNode.start(transport, store, DataNode.Settings.of(new InetSocketAddress(RedisServer.LOOPBACK, 0)));
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private Jedis connect() {
        InetSocketAddress address = node.respAddress();
        return new Jedis(new HostAndPort(address.getHostString(), address.getPort()),
                DefaultJedisClientConfig.builder().connectionTimeoutMillis(5_000).socketTimeoutMillis(5_000).build());
    }

    @Test
    public void transaction_execReturnsTheRepliesInOrder() {
        try (Jedis jedis = connect()) {
            jedis.del("t:k");
            Transaction t = jedis.multi();
            t.set("t:k", "1");
            Response<Long> incremented = t.incrBy("t:k", 41);
            Response<String> value = t.get("t:k");
            List<Object> replies = t.exec();
            assertThat(replies).hasSize(3);
            assertThat(incremented.get()).isEqualTo(42);
            assertThat(value.get()).isEqualTo("42");
            Transaction discarded = jedis.multi();
            discarded.set("t:k", "gone");
            assertThat(discarded.discard()).isEqualTo("OK");
            assertThat(jedis.get("t:k")).isEqualTo("42");
        }
    }

    @Test
    public void watchRecipe_threadsIncrementingOneCounter_loseNoUpdate() throws Exception {
        int threads = 4;
        int perThread = 150;
        try (Jedis jedis = connect()) {
            jedis.set("w:counter", "0");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + MAX_NANOS;
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> increment(perThread, deadline)));
            }
            long successes = 0;
            long retries = 0;
            for (Future<long[]> f : results) {
                long[] r = f.get(60, TimeUnit.SECONDS);
                successes += r[0];
                retries += r[1];
            }
            try (Jedis jedis = connect()) {
                assertThat(Long.parseLong(jedis.get("w:counter")))
                        .as("counter after %d successful increments and %d retries", successes, retries)
                        .isEqualTo(successes);
            }
            assertThat(successes).as("every thread finished its increments in time").isEqualTo(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Redis's optimistic locking: WATCH, read, MULTI, write, EXEC; a null EXEC means try again. */
    private long[] increment(int times, long deadline) {
        long done = 0;
        long retries = 0;
        try (Jedis jedis = connect()) {
            while (done < times && System.nanoTime() < deadline) {
                jedis.watch("w:counter");
                long value = Long.parseLong(jedis.get("w:counter"));
                Transaction t = jedis.multi();
                t.set("w:counter", Long.toString(value + 1));
                if (t.exec() == null) {
                    retries++;
                } else {
                    done++;
                }
            }
        }
        return new long[] {done, retries};
    }

    @Test
    public void exec_isAtomicForReadersOnOtherConnections() throws Exception {
        // several readers, so that some run on another I/O thread than the writer
        int readers = 3;
        try (Jedis writer = connect()) {
            writer.mset("x:a", "0", "x:b", "0");
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
            try {
                Future<Integer> transactions = pool.submit(() -> {
                    int n = 0;
                    while (!stop.get() && n < 50_000) {
                        Transaction t = writer.multi();
                        t.incr("x:a");
                        t.incr("x:b");
                        t.exec();
                        n++;
                    }
                    return n;
                });
                List<Future<long[]>> reads = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                for (int i = 0; i < readers; i++) {
                    reads.add(pool.submit(() -> read(deadline, transactions)));
                }
                long total = 0;
                long torn = 0;
                for (Future<long[]> f : reads) {
                    long[] r = f.get(30, TimeUnit.SECONDS);
                    total += r[0];
                    torn += r[1];
                }
                stop.set(true);
                int n = transactions.get(30, TimeUnit.SECONDS);
                assertThat(torn).as("reads of %d that saw a transaction half done", total).isZero();
                assertThat(total).as("reads made while transactions ran").isPositive();
                assertThat(writer.mget("x:a", "x:b")).containsExactly(Integer.toString(n), Integer.toString(n));
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
        }
    }

    /** @return reads made, and how many saw a and b differ */
    private long[] read(long deadline, Future<?> writer) {
        long reads = 0;
        long torn = 0;
        try (Jedis reader = connect()) {
            while (System.nanoTime() < deadline && !writer.isDone()) {
                List<String> ab = reader.mget("x:a", "x:b");
                if (!ab.get(0).equals(ab.get(1))) {
                    torn++;
                }
                reads++;
            }
        }
        return new long[] {reads, torn};
    }
}
