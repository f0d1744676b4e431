package chkv.node.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A differential command script: what to send to two RESP servers and how to compare what comes
 * back. One step a line; {@code #} starts a comment line; blank lines are ignored.
 *
 * <pre>
 * SET k "a b\r\n\x00" 'x'    a command, sent as a RESP array of bulk strings; its one reply
 *                            is compared byte for byte. Tokens are bare words, "double quoted"
 *                            (escapes \\ \" \n \r \t \a \b \0 \xHH) or 'single quoted' (\'),
 *                            and a quoted token followed by *N is repeated N times: "ab"*1000
 * &#64;sorted KEYS *             marks relax the comparison of one command, and only these:
 *                            &#64;sorted  an aggregate whose order is unspecified: its elements are
 *                                     compared as a sorted list
 *                            &#64;scan    a SCAN: the cursor (argument 1) is followed to 0 on each
 *                                     server and the sets of keys are compared
 *                            &#64;within:N an integer that depends on the clock (TTL): the two may
 *                                     differ by N, and negative ones must be equal
 *                            &#64;shape   a reply that legitimately differs (TIME, HELLO): the types
 *                                     and aggregate sizes are compared, not the scalars
 *                            &#64;type    as shape, the top-level type only (INFO, COMMAND)
 * !pipeline ... !end         the commands in between are written in one write
 * !raw N "bytes" ...         the bytes are written as they are (inline commands, broken
 *                            RESP); N replies are read and compared byte for byte
 * !dribble N "bytes" ...     as !raw, written one byte a write
 * !close "bytes" ...         the bytes are written, then everything up to the server closing
 *                            the connection is read and compared; then a new connection
 * !abandon "bytes" ...       the bytes are written and the connection dropped unread (half a
 *                            command, a client that goes away); then a new connection
 * !reconnect                 a new connection to each server (RESP2, no name), and back to
 *                            connection 1
 * !conn N                    the steps that follow go to connection N (1 to 9) of each server,
 *                            opened on first use: MULTI/EXEC/WATCH interleavings of clients
 * !sleep MS                  waits MS milliseconds (at most 2000) before the next step on
 *                            each server, so a short TTL has passed on both
 * </pre>
 *
 * @param name where the script came from
 * @param steps what to do, in order
 */
record RespScript(String name, List<Step> steps) {

    /** The script that compares a DataNode with redis-server. */
    static final String DIFFERENTIAL = "/it/differential.script";
    /** The script for a server that requires {@link #PASSWORD}. */
    static final String DIFFERENTIAL_AUTH = "/it/differential-auth.script";
    /** The script for transactions, WATCH from two connections, RESET and SLOWLOG. */
    static final String DIFFERENTIAL_MULTI = "/it/differential-multi.script";
    /** The password {@link #DIFFERENTIAL_AUTH} is written for. */
    static final String PASSWORD = "s3cret";

    /** How one reply is compared. */
    enum Compare { EXACT, SORTED, SCAN, WITHIN, SHAPE, TYPE }

    /** One line of the script. */
    sealed interface Step {
        /** @return the line number in the script, 1-based */
        int line();

        /** @return the script text, for messages */
        String source();
    }

    /**
     * One command and how its reply is compared.
     *
     * @param args the command name and arguments
     * @param compare how
     * @param tolerance for {@link Compare#WITHIN}, the largest difference allowed
     * @param line its line
     * @param source its text
     */
    record Command(byte[][] args, Compare compare, long tolerance, int line, String source)
            implements Step {}

    /** Commands written in one write, replies compared one by one. */
    record Pipeline(List<Command> commands, int line, String source) implements Step {}

    /** Bytes written as they are, {@code replies} replies compared byte for byte. */
    record Raw(byte[] bytes, int replies, boolean dribble, int line, String source) implements Step {}

    /** Bytes after which the server must close the connection; all it sends is compared. */
    record CloseAfter(byte[] bytes, int line, String source) implements Step {}

    /** Bytes written, then the connection dropped without reading. */
    record Abandon(byte[] bytes, int line, String source) implements Step {}

    /** A fresh connection to each server. */
    record Reconnect(int line, String source) implements Step {}

    /** The following steps go to connection {@code connection} (1-based) of each server. */
    record Switch(int connection, int line, String source) implements Step {}

    /** A pause of {@code millis} before the next step, on each server. */
    record Sleep(long millis, int line, String source) implements Step {}

    /** The most connections a script may drive on each server. */
    static final int MAX_CONNECTIONS = 9;

    /** @return the number of commands the script sends (every command, raw reply and pipelined one) */
    int commandCount() {
        int n = 0;
        for (Step step : steps) {
            n += switch (step) {
                case Command c -> 1;
                case Pipeline p -> p.commands().size();
                case Raw r -> r.replies();
                case CloseAfter c -> 1;
                case Abandon a -> 0;
                case Reconnect r -> 0;
                case Switch w -> 0;
                case Sleep z -> 0;
            };
        }
        return n;
    }

    /** Loads a script from the test resources. */
    static RespScript load(String resource) {
        try (InputStream in = RespScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("script: " + resource + " (expected: a test resource)");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses script text; a malformed line fails with its number. */
    static RespScript parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        List<Command> pipeline = null;
        int pipelineLine = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String source = lines[i].strip();
            if (source.isEmpty() || source.startsWith("#")) {
                continue;
            }
            try {
                List<byte[]> tokens = ScriptTokenizer.tokenize(source);
                String first = new String(tokens.getFirst(), StandardCharsets.UTF_8);
                if (first.equals("!pipeline")) {
                    if (pipeline != null) {
                        throw new IllegalArgumentException("nested !pipeline");
                    }
                    pipeline = new ArrayList<>();
                    pipelineLine = number;
                } else if (first.equals("!end")) {
                    if (pipeline == null || pipeline.isEmpty()) {
                        throw new IllegalArgumentException("!end without a non-empty !pipeline");
                    }
                    steps.add(new Pipeline(List.copyOf(pipeline), pipelineLine, "!pipeline of "
                            + pipeline.size() + " (lines " + pipelineLine + "-" + number + ")"));
                    pipeline = null;
                } else if (first.startsWith("!")) {
                    if (pipeline != null) {
                        throw new IllegalArgumentException(first + " inside !pipeline");
                    }
                    steps.add(directive(first, tokens.subList(1, tokens.size()), number, source));
                } else {
                    Command command = command(first, tokens, number, source);
                    if (pipeline == null) {
                        steps.add(command);
                    } else if (command.compare() == Compare.SCAN) {
                        throw new IllegalArgumentException("@scan inside !pipeline");
                    } else {
                        pipeline.add(command);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ":" + number + ": " + e.getMessage()
                        + " in: " + source, e);
            }
        }
        if (pipeline != null) {
            throw new IllegalArgumentException(name + ":" + pipelineLine + ": !pipeline without !end");
        }
        return new RespScript(name, List.copyOf(steps));
    }

    private static Step directive(String word, List<byte[]> args, int line, String source) {
        return switch (word) {
            case "!reconnect" -> {
                expect(args.isEmpty(), "!reconnect takes nothing");
                yield new Reconnect(line, source);
            }
            case "!conn" -> {
                expect(args.size() == 1, "!conn N");
                int n = Integer.parseInt(new String(args.getFirst(), StandardCharsets.US_ASCII));
                expect(n >= 1 && n <= MAX_CONNECTIONS, "!conn N with N from 1 to " + MAX_CONNECTIONS);
                yield new Switch(n, line, source);
            }
            case "!sleep" -> {
                expect(args.size() == 1, "!sleep MS");
                long ms = Long.parseLong(new String(args.getFirst(), StandardCharsets.US_ASCII));
                expect(ms >= 0 && ms <= 2000, "!sleep MS with MS from 0 to 2000");
                yield new Sleep(ms, line, source);
            }
            case "!raw", "!dribble" -> {
                expect(args.size() >= 2, word + " N \"bytes\"...");
                int replies = Integer.parseInt(new String(args.getFirst(), StandardCharsets.US_ASCII));
                expect(replies >= 0, "reply count >= 0");
                yield new Raw(concat(args.subList(1, args.size())), replies, word.equals("!dribble"),
                        line, source);
            }
            case "!close" -> {
                expect(!args.isEmpty(), "!close \"bytes\"...");
                yield new CloseAfter(concat(args), line, source);
            }
            case "!abandon" -> {
                expect(!args.isEmpty(), "!abandon \"bytes\"...");
                yield new Abandon(concat(args), line, source);
            }
            default -> throw new IllegalArgumentException("unknown directive " + word);
        };
    }

    private static Command command(String first, List<byte[]> tokens, int line, String source) {
        Compare compare = Compare.EXACT;
        long tolerance = 0;
        List<byte[]> args = tokens;
        if (first.startsWith("@")) {
            args = tokens.subList(1, tokens.size());
            if (first.startsWith("@within:")) {
                compare = Compare.WITHIN;
                tolerance = Long.parseLong(first.substring("@within:".length()));
                expect(tolerance >= 0, "@within:N with N >= 0");
            } else {
                compare = switch (first) {
                    case "@sorted" -> Compare.SORTED;
                    case "@scan" -> Compare.SCAN;
                    case "@shape" -> Compare.SHAPE;
                    case "@type" -> Compare.TYPE;
                    default -> throw new IllegalArgumentException("unknown mark " + first);
                };
            }
        }
        expect(!args.isEmpty(), "a command after the mark");
        if (compare == Compare.SCAN) {
            expect(args.size() >= 2 && new String(args.getFirst(), StandardCharsets.US_ASCII)
                    .equalsIgnoreCase("scan"), "@scan SCAN cursor ...");
        }
        return new Command(args.toArray(byte[][]::new), compare, tolerance, line, source);
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("expected: " + what);
        }
    }

    /** @return the command as RESP: an array of bulk strings */
    static byte[] encode(byte[][] args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(arg);
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }
}
