package chkv.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Turns replies into the values of the typed client API, and error replies into exceptions. */
final class Replies {
    private Replies() {}

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return a command of {@code name} followed by {@code args} */
    static byte[][] command(String name, byte[]... args) {
        byte[][] out = new byte[args.length + 1][];
        out[0] = ascii(name);
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }

    static byte[] number(long n) {
        return ascii(Long.toString(n));
    }

    /** @throws RedisException with the server's words when {@code reply} is an error */
    static Reply check(Reply reply) {
        if (reply instanceof Reply.Error(String message)) {
            throw new RedisException(message);
        }
        return reply;
    }

    static byte[] bulk(Reply reply) {
        return switch (check(reply)) {
            case Reply.Bulk(byte[] value) -> value;
            case Reply.Null n -> null;
            case Reply.Simple(String text) -> text.getBytes(StandardCharsets.UTF_8);
            case Reply.Verbatim(String text) -> text.getBytes(StandardCharsets.UTF_8);
            case Reply r -> throw unexpected(r, "a bulk string");
        };
    }

    static long integer(Reply reply) {
        return switch (check(reply)) {
            case Reply.Int(long value) -> value;
            case Reply r -> throw unexpected(r, "an integer");
        };
    }

    static boolean bool(Reply reply) {
        return switch (check(reply)) {
            case Reply.Int(long value) -> value != 0;
            case Reply.Bool(boolean value) -> value;
            case Reply r -> throw unexpected(r, "0 or 1");
        };
    }

    static double dbl(Reply reply) {
        return switch (check(reply)) {
            case Reply.Double(double value) -> value;
            case Reply.Bulk(byte[] value) -> Double.parseDouble(new String(value, StandardCharsets.US_ASCII));
            case Reply r -> throw unexpected(r, "a number");
        };
    }

    static String simple(Reply reply) {
        return switch (check(reply)) {
            case Reply.Simple(String text) -> text;
            case Reply.Bulk(byte[] value) -> new String(value, StandardCharsets.UTF_8);
            case Reply r -> throw unexpected(r, "a status");
        };
    }

    /** @return whether a conditional write happened: {@code OK}, or a null reply when it did not */
    static boolean written(Reply reply) {
        return switch (check(reply)) {
            case Reply.Simple(String text) when text.equals("OK") -> true;
            case Reply.Null n -> false;
            case Reply r -> throw unexpected(r, "OK or null");
        };
    }

    static Void ok(Reply reply) {
        written(reply);
        return null;
    }

    static List<Reply> items(Reply reply) {
        return switch (check(reply)) {
            case Reply.Array(List<Reply> items) -> items;
            case Reply.Aggregate(Reply.Aggregate.Kind kind, List<Reply> items) -> items;
            case Reply r -> throw unexpected(r, "an array");
        };
    }

    static List<byte[]> bulks(Reply reply) {
        List<Reply> items = items(reply);
        List<byte[]> out = new ArrayList<>(items.size());
        for (Reply item : items) {
            out.add(bulk(item));
        }
        return out;
    }

    static ScanResult scan(Reply reply) {
        List<Reply> items = items(reply);
        if (items.size() != 2) {
            throw unexpected(reply, "a cursor and a list of keys");
        }
        byte[] cursor = bulk(items.get(0));
        return new ScanResult(new String(cursor, StandardCharsets.US_ASCII), bulks(items.get(1)));
    }

    private static ChkvException unexpected(Reply reply, String expected) {
        return new ChkvException("reply: " + reply + " (expected: " + expected + ")");
    }
}
