package chkv.client;

import chkv.api.ChkvException;
import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each command's keys are, learnt from a DataNode's {@code COMMAND} reply (Redis's legacy
 * first key, last key and step), so any command the nodes serve is routed without a table of our
 * own. Subcommands of containers (as {@code OBJECT ENCODING key}) are looked up by their name.
 */
final class KeySpecs {

    /** One command's arity and key positions; {@code first == 0} for none. */
    private record Spec(int arity, int first, int last, int step, Map<String, Spec> subcommands) {}

    private final Map<String, Spec> byName;
    /** The names, by a hash of their letters in either case (open addressing), found without a copy. */
    private final String[] names;

    private KeySpecs(Map<String, Spec> byName) {
        this.byName = byName;
        this.names = new String[Integer.highestOneBit(Math.max(byName.size(), 1) * 4)];
        for (String name : byName.keySet()) {
            int i = foldedHash(name.getBytes(StandardCharsets.ISO_8859_1)) & (names.length - 1);
            while (names[i] != null) {
                i = (i + 1) & (names.length - 1);
            }
            names[i] = name;
        }
    }

    /**
     * @param raw a command's name as sent, in any case
     * @return its name in lower case: the table's own string for a command the nodes serve (no
     *     copy per command, and its hash already known), a new one otherwise
     */
    String name(byte[] raw) {
        int mask = names.length - 1;
        for (int i = foldedHash(raw) & mask; ; i = (i + 1) & mask) {
            String known = names[i];
            if (known == null) {
                return lower(raw);
            }
            if (sameFolded(known, raw)) {
                return known;
            }
        }
    }

    private static int foldedHash(byte[] raw) {
        int h = 0x811c9dc5;
        for (byte b : raw) {
            h = (h ^ fold(b)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean sameFolded(String lower, byte[] raw) {
        if (lower.length() != raw.length) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            if (lower.charAt(i) != fold(raw[i])) {
                return false;
            }
        }
        return true;
    }

    /** ASCII upper case to lower case; the table's names are ASCII. */
    private static int fold(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b & 0xff;
    }

    /** @param reply the reply to {@code COMMAND} @return its key positions */
    static KeySpecs parse(Reply reply) {
        Map<String, Spec> byName = new HashMap<>();
        for (Reply entry : items(reply)) {
            parseEntry(entry, byName);
        }
        if (byName.isEmpty()) {
            throw new ChkvException("COMMAND: no commands (expected: the table of a DataNode)");
        }
        return new KeySpecs(Map.copyOf(byName));
    }

    private static void parseEntry(Reply entry, Map<String, Spec> into) {
        List<Reply> fields = items(entry);
        if (fields.size() < 6) {
            throw new ChkvException("COMMAND entry: " + entry + " (expected: name, arity, flags, first, last, step)");
        }
        String name = text(fields.get(0)).toLowerCase(Locale.ROOT);
        Map<String, Spec> subs = new HashMap<>();
        if (fields.size() >= 10 && !(fields.get(9) instanceof Reply.Null)) {
            for (Reply sub : items(fields.get(9))) {
                parseEntry(sub, subs);
            }
        }
        Map<String, Spec> bySubName = new HashMap<>();
        subs.forEach((full, spec) -> bySubName.put(full.substring(full.indexOf('|') + 1), spec));
        into.put(name, new Spec((int) integer(fields.get(1)), (int) integer(fields.get(3)),
                (int) integer(fields.get(4)), (int) integer(fields.get(5)), Map.copyOf(bySubName)));
    }

    /**
     * @param command a command and its arguments
     * @return the indexes of its key arguments, empty when it has none, or {@code null} for a
     *     command the nodes do not know
     */
    int[] keyPositions(byte[][] command) {
        return keyPositions(name(command[0]), command);
    }

    /** @param name the command's name, lower case @param command the command @return as above */
    int[] keyPositions(String name, byte[][] command) {
        Spec spec = byName.get(name);
        if (spec == null) {
            return null;
        }
        if (!spec.subcommands().isEmpty() && command.length >= 2) {
            Spec sub = spec.subcommands().get(lower(command[1]));
            if (sub == null) {
                return new int[0];
            }
            spec = sub;
        }
        if (spec.first() <= 0 || spec.step() <= 0) {
            return new int[0];
        }
        int argc = command.length;
        int last = spec.last() < 0 ? argc + spec.last() : Math.min(spec.last(), argc - 1);
        int count = last < spec.first() ? 0 : (last - spec.first()) / spec.step() + 1;
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = spec.first() + i * spec.step();
        }
        return positions;
    }

    static String lower(byte[] name) {
        return new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private static List<Reply> items(Reply reply) {
        return switch (reply) {
            case Reply.Array(List<Reply> items) -> items;
            case Reply.Aggregate(Reply.Aggregate.Kind kind, List<Reply> items) -> items;
            default -> throw new ChkvException("COMMAND: " + reply + " (expected: an array)");
        };
    }

    private static String text(Reply reply) {
        return switch (reply) {
            case Reply.Bulk(byte[] value) -> new String(value, StandardCharsets.UTF_8);
            case Reply.Simple(String value) -> value;
            default -> throw new ChkvException("COMMAND name: " + reply + " (expected: a string)");
        };
    }

    private static long integer(Reply reply) {
        if (reply instanceof Reply.Int(long value)) {
            return value;
        }
        throw new ChkvException("COMMAND field: " + reply + " (expected: an integer)");
    }
}
