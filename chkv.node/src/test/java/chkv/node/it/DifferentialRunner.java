package chkv.node.it;

import chkv.node.it.RespScript.Command;
import chkv.node.it.RespScript.Compare;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link RespScript} against a reference server and a candidate in lockstep, step by step,
 * and collects every reply that differs. A reference that fails to answer is a broken script and
 * stops the run; a candidate that fails to answer is a mismatch, and it gets a new connection.
 */
final class DifferentialRunner {
    private static final int MAX_SCAN_PAGES = 10_000;
    /** A candidate that stopped answering would otherwise cost a read timeout per step. */
    private static final int MAX_FAILED_STEPS_IN_A_ROW = 10;
    private static final long MAX_RUN_NANOS = TimeUnit.MINUTES.toNanos(3);

    private final Side reference;
    private final Side candidate;

    DifferentialRunner(RespServer reference, RespServer candidate) {
        this.reference = new Side(reference);
        this.candidate = new Side(candidate);
    }

    /** A reply that differs, described for a human. */
    record Mismatch(int line, String source, String expected, String actual) {
        @Override
        public String toString() {
            return "line " + line + ": " + source + "\n    expected: " + expected + "\n    actual:   " + actual;
        }
    }

    /** @return the mismatches, in script order */
    List<Mismatch> run(RespScript script) {
        List<Mismatch> mismatches = new ArrayList<>();
        long deadline = System.nanoTime() + MAX_RUN_NANOS;
        int failedInARow = 0;
        try {
            for (RespScript.Step step : script.steps()) {
                if (failedInARow >= MAX_FAILED_STEPS_IN_A_ROW || System.nanoTime() > deadline) {
                    mismatches.add(new Mismatch(step.line(), step.source(), "the rest of the script",
                            "<run stopped here: " + candidate.server.name() + " failed "
                            + failedInARow + " steps in a row or the run took over 3 minutes>"));
                    break;
                }
                List<Outcome> expected = reference.execute(step);
                for (Outcome o : expected) {
                    if (o instanceof Outcome.Failed || o instanceof Outcome.Drained d && !d.closed()) {
                        throw new AssertionError(script.name() + ":" + step.line() + ": the reference "
                                + reference.server.name() + " did not answer " + step.source()
                                + " as the script expects (a broken script or harness): " + o.describe());
                    }
                }
                if (reference.stray != null) {
                    throw new AssertionError(script.name() + ":" + step.line() + ": the reference "
                            + reference.server.name() + " sent more than " + step.source()
                            + " expects (a broken script): " + Resp.escape(reference.stray, 512));
                }
                List<Outcome> actual = candidate.execute(step);
                if (candidate.stray != null) {
                    mismatches.add(new Mismatch(step.line(), step.source(), "no more replies",
                            "then unexpected bytes " + Resp.escape(candidate.stray, 4096)));
                }
                failedInARow = actual.stream().anyMatch(o -> o instanceof Outcome.Failed) ? failedInARow + 1 : 0;
                for (int i = 0; i < expected.size(); i++) {
                    Command command = commandAt(step, i);
                    Outcome e = expected.get(i);
                    Outcome a = actual.get(i);
                    if (!ReplyComparison.matches(command, e, a)) {
                        mismatches.add(new Mismatch(command == null ? step.line() : command.line(),
                                command == null ? step.source() : command.source(),
                                e.describe(), a.describe()));
                    }
                }
            }
        } finally {
            reference.close();
            candidate.close();
        }
        return mismatches;
    }

    private static Command commandAt(RespScript.Step step, int i) {
        return switch (step) {
            case Command c -> c;
            case RespScript.Pipeline p -> p.commands().get(i);
            default -> null;
        };
    }

    /** One server, its connections (the script's {@code !conn N}), and how each step is done on it. */
    private static final class Side {
        final RespServer server;
        private final RawConnection[] connections = new RawConnection[RespScript.MAX_CONNECTIONS];
        /** The index of the connection steps go to. */
        private int current;
        private RawConnection connection;
        /** Bytes that came after the replies of the last step, or null. */
        byte[] stray;

        Side(RespServer server) {
            this.server = server;
        }

        List<Outcome> execute(RespScript.Step step) {
            List<Outcome> outcomes = new ArrayList<>();
            stray = null;
            int expected = switch (step) {
                case Command c -> 1;
                case RespScript.Pipeline p -> p.commands().size();
                case RespScript.Raw r -> r.replies();
                case RespScript.CloseAfter c -> 1;
                case RespScript.Abandon a -> 0;
                case RespScript.Reconnect r -> 0;
                case RespScript.Switch w -> 0;
                case RespScript.Sleep z -> 0;
            };
            try {
                switch (step) {
                    case Command c when c.compare() == Compare.SCAN -> outcomes.add(scan(c.args()));
                    case Command c -> {
                        connection().write(RespScript.encode(c.args()));
                        outcomes.add(new Outcome.Replied(connection().read()));
                    }
                    case RespScript.Pipeline p -> {
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        p.commands().forEach(c -> batch.writeBytes(RespScript.encode(c.args())));
                        connection().write(batch.toByteArray());
                        readReplies(outcomes, expected);
                    }
                    case RespScript.Raw r -> {
                        if (r.dribble()) {
                            connection().dribble(r.bytes());
                        } else {
                            connection().write(r.bytes());
                        }
                        readReplies(outcomes, expected);
                    }
                    case RespScript.CloseAfter c -> {
                        connection().write(c.bytes());
                        RawConnection.UntilClosed d = connection().readUntilClosed();
                        outcomes.add(new Outcome.Drained(d.bytes(), d.closed()));
                        disconnect();
                    }
                    case RespScript.Abandon a -> {
                        connection().write(a.bytes());
                        disconnect();
                    }
                    case RespScript.Reconnect r -> {
                        close();
                        use(0);
                    }
                    case RespScript.Switch w -> use(w.connection() - 1);
                    case RespScript.Sleep z -> pause(z.millis());
                }
                if (connection != null) {
                    byte[] unread = connection.unread();
                    if (unread.length > 0) {
                        stray = unread;
                        disconnect();
                    }
                }
            } catch (IOException | Resp.ProtocolViolation e) {
                outcomes.add(new Outcome.Failed(e.toString()));
            }
            if (outcomes.stream().anyMatch(o -> o instanceof Outcome.Failed)) {
                // The stream is out of step with the script: start the next step afresh.
                disconnect();
            }
            while (outcomes.size() < expected) {
                outcomes.add(new Outcome.Failed("not read: an earlier reply of this step failed"));
            }
            return outcomes;
        }

        private void readReplies(List<Outcome> outcomes, int count) throws IOException {
            for (int i = 0; i < count; i++) {
                outcomes.add(new Outcome.Replied(connection().read()));
            }
        }

        private Outcome scan(byte[][] first) throws IOException {
            byte[][] args = first.clone();
            TreeSet<String> keys = new TreeSet<>();
            for (int page = 0; page < MAX_SCAN_PAGES; page++) {
                connection().write(RespScript.encode(args));
                Resp reply = connection().read();
                if (page == 0 && reply.type() == '-') {
                    return new Outcome.Replied(reply);
                }
                List<Resp> parts = reply.elements();
                if (reply.type() != '*' || parts == null || parts.size() != 2
                        || parts.get(0).type() != '$' || parts.get(0).payload() == null
                        || parts.get(1).type() != '*' || parts.get(1).elements() == null
                        || parts.get(1).elements().stream().anyMatch(k -> k.type() != '$' || k.payload() == null)) {
                    return new Outcome.Failed("page " + page + " is not [cursor, [keys]]: " + reply);
                }
                parts.get(1).elements().forEach(k -> keys.add(new String(k.payload(), StandardCharsets.ISO_8859_1)));
                byte[] cursor = parts.get(0).payload();
                if (Arrays.equals(cursor, new byte[] {'0'})) {
                    return new Outcome.Scanned(List.copyOf(keys));
                }
                args[1] = cursor;
            }
            return new Outcome.Failed("cursor not back to 0 after " + MAX_SCAN_PAGES + " pages");
        }

        private RawConnection connection() throws IOException {
            if (connection == null) {
                connection = new RawConnection(server.address());
                connections[current] = connection;
            }
            return connection;
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in !sleep", e);
            }
        }

        private void use(int index) {
            current = index;
            connection = connections[index];
        }

        /** Closes the current connection; the next step on it opens a new one. */
        private void disconnect() {
            if (connection != null) {
                connection.close();
                connection = null;
                connections[current] = null;
            }
        }

        void close() {
            for (int i = 0; i < connections.length; i++) {
                if (connections[i] != null) {
                    connections[i].close();
                    connections[i] = null;
                }
            }
            connection = null;
        }
    }

    /**
     * Runs {@code script} on both servers and fails with every mismatch, each with the command and
     * both raw replies.
     */
    static void assertSameReplies(RespScript script, RespServer redis, RespServer node) {
        List<Mismatch> mismatches = new DifferentialRunner(redis, node).run(script);
        StringBuilder report = new StringBuilder();
        for (Mismatch m : mismatches) {
            report.append(m).append('\n');
        }
        org.assertj.core.api.Assertions.assertThat(mismatches).as("%s differs from %s in %d of %d commands of %s:%n%s",
                node.name(), redis.name(), mismatches.size(), script.commandCount(), script.name(), report).isEmpty();
    }
}
