package chkv.bench;

import chkv.api.KvClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The CHKV client library against Jedis, both talking to the same single DataNode, in one run:
 * SET and GET of 100-byte values, synchronous from several threads, then pipelined (Jedis's
 * pipeline of {@code depth} commands; as many asynchronous calls of the client, then a wait for
 * their replies).
 *
 * <pre>
 * java ... chkv.bench.ClientBench chkv://127.0.0.1:7370?secret-file=... 127.0.0.1:7380 [threads] [depth] [seconds] [rounds]
 * </pre>
 *
 * Prints one line per round and workload: both clients' operations per second and their ratio.
 */
public final class ClientBench {
    private static final int KEYS = 100_000;
    private static final byte[] VALUE = new byte[100];

    private ClientBench() {}

    /** A workload: how one thread of one client runs until told to stop. */
    private interface Loop {
        void run(AtomicBoolean stop, LongAdder done) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ClientBench <chkv uri> <datanode host:port> [threads 8] [depth 16] [seconds 5] [rounds 3]");
            System.exit(2);
        }
        String uri = args[0];
        String[] hostPort = args[1].split(":");
        String host = hostPort[0];
        int port = Integer.parseInt(hostPort[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int depth = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        java.util.Arrays.fill(VALUE, (byte) 'x');

        try (KvClient chkv = KvClient.connect(uri)) {
            for (int round = 0; round <= rounds; round++) { // round 0 warms both up
                for (String workload : List.of("set", "get", "set-pipelined", "get-pipelined")) {
                    boolean set = workload.startsWith("set");
                    boolean pipelined = workload.endsWith("pipelined");
                    Loop mine = pipelined ? chkvPipelined(chkv, set, depth) : chkvSync(chkv, set);
                    Loop jedis = pipelined ? jedisPipelined(host, port, set, depth) : jedisSync(host, port, set);
                    double a = measure(jedis, threads, seconds);
                    double b = measure(mine, threads, seconds);
                    if (round > 0) {
                        System.out.printf("%d %-14s jedis %10.0f  chkv-client %10.0f  ratio %.2f%n",
                                round, workload, a, b, b / a);
                    }
                }
            }
        }
    }

    private static byte[] key() {
        return ("key:" + ThreadLocalRandom.current().nextInt(KEYS)).getBytes(StandardCharsets.US_ASCII);
    }

    private static Loop chkvSync(KvClient chkv, boolean set) {
        return (stop, done) -> {
            while (!stop.get()) {
                if (set) {
                    chkv.set(key(), VALUE);
                } else {
                    chkv.get(key());
                }
                done.increment();
            }
        };
    }

    /** As Jedis's pipeline: {@code depth} asynchronous calls, then a wait for all their replies. */
    private static Loop chkvPipelined(KvClient chkv, boolean set, int depth) {
        return (stop, done) -> {
            CompletableFuture<?>[] batch = new CompletableFuture<?>[depth];
            while (!stop.get()) {
                for (int i = 0; i < depth; i++) {
                    batch[i] = (set ? chkv.async().set(key(), VALUE) : chkv.async().get(key())).toCompletableFuture();
                }
                CompletableFuture.allOf(batch).join();
                done.add(depth);
            }
        };
    }

    private static Loop jedisSync(String host, int port, boolean set) {
        return (stop, done) -> {
            try (Jedis j = new Jedis(host, port)) {
                while (!stop.get()) {
                    if (set) {
                        j.set(key(), VALUE);
                    } else {
                        j.get(key());
                    }
                    done.increment();
                }
            }
        };
    }

    private static Loop jedisPipelined(String host, int port, boolean set, int depth) {
        return (stop, done) -> {
            try (Jedis j = new Jedis(host, port)) {
                while (!stop.get()) {
                    Pipeline p = j.pipelined();
                    for (int i = 0; i < depth; i++) {
                        if (set) {
                            p.set(key(), VALUE);
                        } else {
                            p.get(key());
                        }
                    }
                    p.sync();
                    done.add(depth);
                }
            }
        };
    }

    /** @return operations per second of {@code threads} threads running {@code loop} for {@code seconds} */
    private static double measure(Loop loop, int threads, int seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        CountDownLatch finished = new CountDownLatch(threads);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().name("bench-" + t).start(() -> {
                try {
                    loop.run(stop, done);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    finished.countDown();
                }
            });
        }
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long ops = done.sum();
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        if (!finished.await(30, TimeUnit.SECONDS) || !failures.isEmpty()) {
            throw new IllegalStateException("benchmark threads: " + failures + " (expected: none failed, all stopped)");
        }
        return ops * 1e9 / elapsed;
    }
}
