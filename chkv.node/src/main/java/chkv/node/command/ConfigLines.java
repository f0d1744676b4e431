package chkv.node.command;

import java.util.ArrayList;
import java.util.List;

/** The lines of a configuration file in redis.conf syntax: Redis's {@code sdssplitargs} and {@code sdscatrepr}. */
public final class ConfigLines {
    private ConfigLines() {}

    /**
     * Splits a line into arguments as Redis does: spaces separate, {@code "..."} takes the escapes
     * {@code \n \r \t \b \a \xHH}, {@code '...'} takes {@code \'}; a closing quote must be followed
     * by a space or the end.
     *
     * @param line one line, without its line break
     * @return the arguments, or {@code null} when the quotes are unbalanced
     */
    public static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            StringBuilder current = new StringBuilder();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                char ch = i < n ? line.charAt(i) : 0;
                if (inDouble) {
                    if (i >= n) {
                        return null;
                    } else if (ch == '\\' && i + 3 < n && line.charAt(i + 1) == 'x'
                            && hex(line.charAt(i + 2)) >= 0 && hex(line.charAt(i + 3)) >= 0) {
                        current.append((char) (hex(line.charAt(i + 2)) * 16 + hex(line.charAt(i + 3))));
                        i += 3;
                    } else if (ch == '\\' && i + 1 < n) {
                        i++;
                        char e = line.charAt(i);
                        current.append(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> (char) 7;
                            default -> e;
                        });
                    } else if (ch == '"') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null; // a closing quote must be followed by a space
                        }
                        done = true;
                    } else {
                        current.append(ch);
                    }
                } else if (inSingle) {
                    if (i >= n) {
                        return null;
                    } else if (ch == '\\' && i + 1 < n && line.charAt(i + 1) == '\'') {
                        i++;
                        current.append('\'');
                    } else if (ch == '\'') {
                        if (i + 1 < n && !Character.isWhitespace(line.charAt(i + 1))) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.append(ch);
                    }
                } else if (i >= n || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == 0) {
                    done = true;
                } else if (ch == '"') {
                    inDouble = true;
                } else if (ch == '\'') {
                    inSingle = true;
                } else {
                    current.append(ch);
                }
                if (i < n) {
                    i++;
                }
            }
            args.add(current.toString());
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** Redis's {@code sdscatrepr}: a quoted string a line of the file reads back as the same value. */
    static String repr(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append(String.format("\\x%02x", (int) c & 0xff));
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
