package chkv.node.boot;

import java.util.Locale;
import picocli.CommandLine;

/** Reads Redis's {@code client-output-buffer-limit} for the normal class: {@code normal 32mb 8mb 60}. */
final class OutputBufferLimit implements CommandLine.ITypeConverter<OutputBufferLimit.Value> {

    /**
     * @param hardBytes close at once above this, 0 for none
     * @param softBytes close after {@code softSeconds} above this, 0 for none
     * @param softSeconds how long the soft limit may be exceeded
     */
    record Value(long hardBytes, long softBytes, long softSeconds) {}

    @Override
    public Value convert(String text) {
        String[] words = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length != 4 || !words[0].equals("normal")) {
            throw new CommandLine.TypeConversionException("client-output-buffer-limit: " + text
                    + " (expected: normal <hard> <soft> <seconds>; CHKV has no replica or pub/sub clients)");
        }
        long seconds;
        try {
            seconds = Long.parseLong(words[3]);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            throw new CommandLine.TypeConversionException(
                    "client-output-buffer-limit seconds: " + words[3] + " (expected: 0 or more)");
        }
        return new Value(ByteSize.parse(words[1]), ByteSize.parse(words[2]), seconds);
    }
}
