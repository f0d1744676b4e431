package chkv.node.command;

import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log: the newest commands that ran for at least {@code slowlog-log-slower-than}
 * microseconds, at most {@code slowlog-max-len} of them, with their arguments clipped as Redis
 * clips them. Thread-safe; a command that is not slow costs one volatile read.
 */
public final class SlowLog {
    /** Redis's default {@code slowlog-log-slower-than}, in µs. */
    public static final long DEFAULT_LOG_SLOWER_THAN = 10_000;
    /** Redis's default {@code slowlog-max-len}. */
    public static final long DEFAULT_MAX_LEN = 128;

    /** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;
    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private volatile long logSlowerThan = DEFAULT_LOG_SLOWER_THAN;
    private volatile long maxLen = DEFAULT_MAX_LEN;
    private final ArrayDeque<Reply> entries = new ArrayDeque<>(); // newest first, each ready to send
    private long nextId;

    /** @return {@code slowlog-log-slower-than}: the µs from which a command is logged; negative disables */
    public long logSlowerThan() {
        return logSlowerThan;
    }

    /** @param micros the new {@code slowlog-log-slower-than}; -1 (or any negative) disables the log */
    public void logSlowerThan(long micros) {
        logSlowerThan = micros;
    }

    /** @return {@code slowlog-max-len}: how many entries are kept */
    public long maxLen() {
        return maxLen;
    }

    /**
     * @param length the new {@code slowlog-max-len}, from 0 to {@link Long#MAX_VALUE}; older entries
     *     beyond it go at once
     * @throws IllegalArgumentException when negative
     */
    public synchronized void maxLen(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("slowlog-max-len: " + length + " (expected: >= 0)");
        }
        maxLen = length;
        trim();
    }

    /** @return whether a command that ran {@code micros} is logged */
    boolean isSlow(long micros) {
        long threshold = logSlowerThan;
        return threshold >= 0 && micros >= threshold;
    }

    /**
     * Adds an entry, as the newest.
     *
     * @param spec the command, for the arguments Redis redacts
     * @param args what the client sent
     * @param micros how long it ran
     * @param client who sent it
     * @param unixSeconds when
     */
    void record(CommandSpec spec, byte[][] args, long micros, ClientState client, long unixSeconds) {
        List<Reply> argv = clip(redact(spec, args));
        String name = client.name();
        Reply peer = Reply.bulk(client.peerId());
        Reply cname = Reply.bulk(name == null ? "" : name);
        synchronized (this) {
            entries.addFirst(new Reply.Array(List.of(Reply.integer(nextId++), Reply.integer(unixSeconds),
                    Reply.integer(micros), new Reply.Array(argv), peer, cname)));
            trim();
        }
    }

    /** @param count how many of the newest, -1 for all */
    synchronized Reply newest(long count) {
        List<Reply> out = new ArrayList<>();
        Iterator<Reply> it = entries.iterator();
        for (long i = 0; (count < 0 || i < count) && it.hasNext(); i++) {
            out.add(it.next());
        }
        return new Reply.Array(out);
    }

    synchronized int length() {
        return entries.size();
    }

    synchronized void reset() {
        entries.clear();
    }

    private void trim() {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** AUTH's password and HELLO's AUTH pair never reach the log, as in Redis. */
    private static byte[][] redact(CommandSpec spec, byte[][] args) {
        if (spec.name().equals("auth") && args.length <= 3) {
            args = args.clone();
            for (int i = 1; i < args.length; i++) {
                args[i] = REDACTED;
            }
        } else if (spec.name().equals("hello")) {
            args = args.clone();
            for (int j = 2; j < args.length; j++) {
                int more = args.length - 1 - j;
                if (Call.is(args[j], "auth") && more >= 2) {
                    args[j + 1] = REDACTED;
                    args[j + 2] = REDACTED;
                    j += 2;
                } else if (Call.is(args[j], "setname") && more >= 1) {
                    j++;
                } else {
                    break;
                }
            }
        } else if (spec.name().equals("config|set")) { // a sensitive value (requirepass), as Redis
            args = args.clone();
            for (int i = 2; i + 1 < args.length; i += 2) {
                Config.Param param = Config.lookup(new String(args[i], StandardCharsets.ISO_8859_1));
                if (param != null && param.sensitive()) {
                    args[i + 1] = REDACTED;
                }
            }
        }
        return args;
    }

    private static List<Reply> clip(byte[][] args) {
        int n = Math.min(args.length, MAX_ARGC);
        List<Reply> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            if (n != args.length && j == n - 1) {
                out.add(Reply.bulk("... (" + (args.length - n + 1) + " more arguments)"));
            } else if (args[j].length > MAX_STRING) {
                byte[] head = java.util.Arrays.copyOf(args[j], MAX_STRING);
                byte[] tail = ("... (" + (args[j].length - MAX_STRING) + " more bytes)")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] both = java.util.Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, both, head.length, tail.length);
                out.add(Reply.bulk(both));
            } else {
                out.add(Reply.bulk(args[j]));
            }
        }
        return out;
    }
}
