package chkv.node.boot;

import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.api.spi.TransportProvider;
import chkv.node.datanode.DataNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs the command path on a scratch DataNode before the real one starts, so that class loading,
 * linking and the JIT's first compilations are paid before the first client, not by it.
 */
final class WarmUp {
    /** Commands per write: pipelined as {@code redis-cli --pipe} and busy clients send them. */
    static final int BATCH = 200;
    /** How long one reply may take before the warm-up gives up: a hung scratch node must not hang start-up. */
    private static final int READ_TIMEOUT_MILLIS = 5_000;
    private static final byte[] VALUE = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
    /** The mix, one round of it per key: writes, hits, misses, expiry, counters and multi-key commands. */
    private static final String[][] ROUND = {
        {"SET", "K", "V"}, {"GET", "K"}, {"SET", "K:ex", "V", "EX", "3600"}, {"SET", "K:px", "V", "PX", "3600000"},
        {"GET", "K:none"}, {"INCR", "C"}, {"EXISTS", "K", "K:ex"}, {"EXPIRE", "K", "3600"}, {"TTL", "K"},
        {"MSET", "K:a", "V", "K:b", "V"}, {"MGET", "K", "K:a", "K:b", "K:none"}, {"DEL", "K:px"}, {"PING"},
        {"GET", "K:ex"}, {"SET", "K:b", "V", "NX"}, {"DEL", "K:a", "K:none"},
    };
    /** The first byte of each reply in {@link #ROUND} (RESP2): SET NX on a key that exists answers nil. */
    private static final byte[] EXPECTED = "+$++$::::+*:+$$:".getBytes(StandardCharsets.US_ASCII);

    private WarmUp() {
    }

    /**
     * What a warm-up did.
     *
     * @param commands the commands run, each with the reply expected
     * @param nanos how long it took, the scratch node's start and close included
     */
    record Result(long commands, long nanos) {
    }

    /**
     * Starts a scratch node on loopback with its own transport (one I/O thread, {@code config}'s
     * options) and an unlimited store from {@code stores}, drives up to {@code commands} commands
     * through it for at most {@code limit}, and closes it: the real node's store, transport and
     * statistics never see it. Then collects the garbage it left.
     */
    static Result run(TransportProvider transports, TransportConfig config, StoreProvider stores, String storeName,
            long commands, Duration limit) throws IOException {
        long start = System.nanoTime();
        Transport net = transports.create(config.withIo(1, config.options()));
        Store store;
        try {
            store = stores.create(StoreConfig.of(DataNode.storeClock()));
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        DataNode.Settings settings = DataNode.Settings.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withStore(storeName, 0, EvictionPolicy.NOEVICTION);
        long ran;
        try (DataNode node = DataNode.start(net, store, settings)) {
            ran = drive(node.respAddress(), commands, start + limit.toNanos());
        }
        // the scratch keys and the warm-up's garbage go now, not once the node serves: without this a
        // heap-store node was ready with 270 MB resident instead of 100 MB, for the 45 s the GC took
        System.gc();
        return new Result(ran, System.nanoTime() - start);
    }

    /**
     * Sends the mix to {@code address} in pipelined batches until {@code commands} have run or
     * {@code deadlineNanos} has passed, reading and checking every reply.
     *
     * @return the commands run
     * @throws IOException when the connection fails, or a reply is not the one expected
     */
    static long drive(InetSocketAddress address, long commands, long deadlineNanos) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            long sent = 0;
            while (sent < commands && System.nanoTime() - deadlineNanos < 0) {
                int n = (int) Math.min(BATCH, commands - sent);
                for (long i = sent; i < sent + n; i++) {
                    write(out, i);
                }
                out.flush();
                for (long i = sent; i < sent + n; i++) {
                    String reply = readReply(in);
                    int op = (int) (i % ROUND.length);
                    if (reply.charAt(0) != EXPECTED[op]) {
                        throw new IOException("warm-up reply " + (i + 1) + " to " + ROUND[op][0] + ": " + reply
                                + " (expected: a reply starting with " + (char) EXPECTED[op] + ")");
                    }
                }
                sent += n;
            }
            return sent;
        }
    }

    /** Writes command {@code i} of the mix: round {@code i / ROUND.length} works on keys of its own. */
    private static void write(OutputStream out, long i) throws IOException {
        String[] template = ROUND[(int) (i % ROUND.length)];
        long round = i / ROUND.length;
        header(out, '*', template.length);
        for (String part : template) {
            byte[] arg = switch (part.charAt(0)) {
                case 'V' -> VALUE;
                case 'K' -> ("warm-up:" + round + part.substring(1)).getBytes(StandardCharsets.US_ASCII);
                case 'C' -> ("warm-up:counter:" + round % 64).getBytes(StandardCharsets.US_ASCII);
                default -> part.getBytes(StandardCharsets.US_ASCII);
            };
            header(out, '$', arg.length);
            out.write(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    private static void header(OutputStream out, char type, int n) throws IOException {
        out.write(type);
        out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    /** Reads one whole RESP2 reply. @return its first line, the type byte included */
    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        switch (line.charAt(0)) {
            case '$' -> {
                int length = Integer.parseInt(line, 1, line.length(), 10);
                if (length >= 0) {
                    in.skipNBytes(length + 2L);
                }
            }
            case '*' -> {
                int elements = Integer.parseInt(line, 1, line.length(), 10);
                for (int e = 0; e < elements; e++) {
                    readReply(in);
                }
            }
            case '+', '-', ':' -> { }
            default -> throw new IOException("warm-up reply: " + line + " (expected: a RESP2 reply)");
        }
        return line;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("warm-up: the scratch node closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        if (line.isEmpty()) {
            throw new IOException("warm-up reply: an empty line (expected: a RESP2 reply)");
        }
        return line.toString();
    }
}
