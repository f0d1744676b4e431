package chkv.node.boot;

import java.util.Locale;
import picocli.CommandLine;

/** Reads a memory size as Redis's configuration does: {@code 100}, {@code 1k}, {@code 1kb}, {@code 2gb}. */
final class ByteSize implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        long multiplier = switch (s.substring(digits)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (digits == 0 || digits > 18 || multiplier < 0) {
            throw new CommandLine.TypeConversionException(
                    "memory size: " + text + " (expected: bytes, optionally with k, kb, m, mb, g or gb)");
        }
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, digits)), multiplier);
        } catch (ArithmeticException e) {
            throw new CommandLine.TypeConversionException("memory size: " + text + " (expected: below 2^63 bytes)");
        }
    }
}
