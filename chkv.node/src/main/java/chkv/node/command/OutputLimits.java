package chkv.node.command;

import chkv.api.spi.ClientLimits;
import java.util.List;
import java.util.Locale;

/**
 * {@code client-output-buffer-limit}: the normal class is the limit the transport enforces; the
 * replica and pub/sub classes are kept and reported only, since CHKV has neither kind of client.
 */
final class OutputLimits {
    private OutputLimits() {}

    /** Redis's default, as CONFIG GET prints it. */
    static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

    /** The classes in Redis's order; {@code replica} is an alias of {@code slave}. */
    private static final List<String> CLASSES = List.of("normal", "slave", "pubsub");

    /** Hard bytes, soft bytes and soft seconds of every class, in {@link #CLASSES} order. */
    record Value(long[][] limits) {}

    static String get(ServerState s) {
        long[][] all = current(s);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < CLASSES.size(); i++) {
            out.append(i == 0 ? "" : " ").append(CLASSES.get(i)).append(' ').append(all[i][0]).append(' ')
                    .append(all[i][1]).append(' ').append(all[i][2]);
        }
        return out.toString();
    }

    /** One line value per class, memory in Redis's rewrite units, as rewriteConfigClientOutputBufferLimitOption. */
    static String rewrite(ServerState s) {
        long[][] all = current(s);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < CLASSES.size(); i++) {
            out.append(i == 0 ? "" : "\n").append(CLASSES.get(i)).append(' ')
                    .append(Config.formatMemory(all[i][0])).append(' ')
                    .append(Config.formatMemory(all[i][1])).append(' ').append(all[i][2]);
        }
        return out.toString();
    }

    /** @return the rewrite form of the default */
    static String defaultRewrite() {
        return "normal 0 0 0\nslave 256mb 64mb 60\npubsub 32mb 8mb 60";
    }

    private static long[][] current(ServerState s) {
        ClientLimits l = s.clientLimits();
        long[][] others = s.otherOutputLimits();
        return new long[][] {{l.outputHardBytes(), l.outputSoftBytes(), l.outputSoftMillis() / 1000},
            others[0], others[1]};
    }

    /** Redis's setConfigClientOutputBufferLimitOption: all classes given are checked before any is set. */
    static Object parse(ServerState s, String value) {
        List<String> args = Config.words(value);
        if (args.size() % 4 != 0) {
            throw new Config.Invalid("Wrong number of arguments in buffer limit configuration.");
        }
        long[][] all = current(s);
        long[][] next = {all[0].clone(), all[1].clone(), all[2].clone()};
        for (int j = 0; j < args.size(); j += 4) {
            String name = args.get(j).toLowerCase(Locale.ROOT);
            int cls = name.equals("replica") ? 1 : CLASSES.indexOf(name);
            if (cls < 0) {
                throw new Config.Invalid("Invalid client class specified in buffer limit configuration.");
            }
            long hard = Config.parseMemory(args.get(j + 1));
            long soft = Config.parseMemory(args.get(j + 2));
            long seconds = seconds(args.get(j + 3));
            if (hard < 0 || soft < 0 || seconds < 0) {
                throw new Config.Invalid("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            }
            next[cls] = new long[] {hard, soft, seconds};
        }
        return new Value(next);
    }

    static void apply(ServerState s, Object parsed) {
        long[][] v = ((Value) parsed).limits();
        s.otherOutputLimits(new long[][] {v[1], v[2]});
        s.clientLimits(s.clientLimits().withOutputLimits(v[0][0], v[0][1], Math.multiplyExact(v[0][2], 1000L)));
    }

    /** strtoll in base 10 with nothing after the number; -1 when it is not one. */
    private static long seconds(String text) {
        String t = text.stripLeading();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return 0; // strtoll of nothing is 0, and Redis accepts it
        }
        return t.length() > 15 || !t.chars().allMatch(Character::isDigit) ? -1 : Long.parseLong(t);
    }

    static long[][] defaults() {
        return new long[][] {{268435456L, 67108864L, 60}, {33554432L, 8388608L, 60}};
    }
}
