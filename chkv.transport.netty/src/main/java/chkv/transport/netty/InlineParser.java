package chkv.transport.netty;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline command line into arguments exactly as Redis's {@code sdssplitargs} does:
 * blanks separate, {@code "..."} understands {@code \xHH} and {@code \n \r \t \b \a} escapes,
 * {@code '...'} only {@code \'}, and a closing quote must be followed by a blank or the end.
 */
final class InlineParser {

    private static final byte[][] NONE = new byte[0][];

    private InlineParser() {}

    /**
     * @param line the line without its terminator; a NUL byte ends it, as in C
     * @return the arguments (none for a blank line), or {@code null} for unbalanced quotes
     */
    static byte[][] split(byte[] line) {
        List<byte[]> args = null;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int p = 0;
        while (true) {
            while (at(line, p) != 0 && isSpace(at(line, p))) {
                p++;
            }
            if (at(line, p) == 0) {
                return args == null ? NONE : args.toArray(NONE);
            }
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            current.reset();
            while (!done) {
                int c = at(line, p);
                if (inDouble) {
                    if (c == '\\' && at(line, p + 1) == 'x' && isHex(at(line, p + 2)) && isHex(at(line, p + 3))) {
                        current.write(hex(at(line, p + 2)) * 16 + hex(at(line, p + 3)));
                        p += 3;
                    } else if (c == '\\' && at(line, p + 1) != 0) {
                        p++;
                        current.write(switch (at(line, p)) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> at(line, p);
                        });
                    } else if (c == '"') {
                        if (at(line, p + 1) != 0 && !isSpace(at(line, p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && at(line, p + 1) == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (at(line, p + 1) != 0 && !isSpace(at(line, p + 1))) {
                            return null;
                        }
                        done = true;
                    } else if (c == 0) {
                        return null;
                    } else {
                        current.write(c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> current.write(c);
                    }
                }
                if (at(line, p) != 0) {
                    p++;
                }
            }
            if (args == null) {
                args = new ArrayList<>(4);
            }
            args.add(current.toByteArray());
        }
    }

    /** The byte at {@code i} as C sees it: 0 past the end. */
    private static int at(byte[] line, int i) {
        return i < line.length ? line[i] & 0xff : 0;
    }

    /** C's {@code isspace} in the "C" locale. */
    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(int c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
