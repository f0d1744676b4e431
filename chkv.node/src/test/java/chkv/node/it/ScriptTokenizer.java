package chkv.node.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits one line of a {@link RespScript} into argument bytes. */
final class ScriptTokenizer {
    private ScriptTokenizer() {}

    /** Splits a line like redis-cli does, plus the {@code "x"*N} repetition. */
    static List<byte[]> tokenize(String line) {
        List<byte[]> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            ByteArrayOutputStream token = new ByteArrayOutputStream();
            if (c == '"' || c == '\'') {
                i = quoted(line, i, token);
                if (i < n && line.charAt(i) == '*') {
                    int end = i + 1;
                    while (end < n && Character.isDigit(line.charAt(end))) {
                        end++;
                    }
                    expect(end > i + 1, "a count after *");
                    int times = Integer.parseInt(line.substring(i + 1, end));
                    byte[] once = token.toByteArray();
                    token.reset();
                    for (int t = 0; t < times; t++) {
                        token.writeBytes(once);
                    }
                    i = end;
                }
                expect(i == n || Character.isWhitespace(line.charAt(i)),
                        "whitespace after a closing quote");
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                token.writeBytes(line.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
            tokens.add(token.toByteArray());
        }
        expect(!tokens.isEmpty(), "a token");
        return tokens;
    }

    private static int quoted(String line, int open, ByteArrayOutputStream token) {
        char quote = line.charAt(open);
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char e = line.charAt(i + 1);
                if (quote == '\'') {
                    if (e == '\'') {
                        token.write('\'');
                        i += 2;
                        continue;
                    }
                } else {
                    int consumed = 2;
                    switch (e) {
                        case 'n' -> token.write('\n');
                        case 'r' -> token.write('\r');
                        case 't' -> token.write('\t');
                        case 'a' -> token.write(7);
                        case 'b' -> token.write('\b');
                        case '0' -> token.write(0);
                        case 'x' -> {
                            expect(i + 3 < line.length(), "two hex digits after \\x");
                            token.write(Integer.parseInt(line.substring(i + 2, i + 4), 16));
                            consumed = 4;
                        }
                        default -> token.write(e);
                    }
                    i += consumed;
                    continue;
                }
            }
            token.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            i++;
        }
        throw new IllegalArgumentException("unbalanced " + quote);
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("expected: " + what);
        }
    }
}
