package chkv.api;

/**
 * Redis's glob matching for {@code KEYS}, {@code SCAN MATCH} and friends: {@code *}, {@code ?},
 * {@code [...]} with ranges and {@code ^} negation, and {@code \} escapes, byte-wise and
 * case-sensitive, with Redis's quirks for unterminated classes and trailing backslashes.
 */
public final class Glob {
    private Glob() {}

    /**
     * @param pattern a Redis glob pattern
     * @param string the bytes to test
     * @return whether {@code string} matches {@code pattern} as Redis would decide
     */
    public static boolean matches(byte[] pattern, byte[] string) {
        int p = 0;
        int s = 0;
        int starP = -1;
        int starS = 0;
        while (s < string.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                if (p == pattern.length) {
                    return true;
                }
                starP = p;
                starS = s;
                continue;
            }
            int next = p < pattern.length ? matchOne(pattern, p, string[s]) : -1;
            if (next >= 0) {
                p = next;
                s++;
            } else if (starP >= 0) {
                // every token but '*' consumes one byte, so retrying from the last star suffices
                p = starP;
                s = ++starS;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /** @return whether the pattern is a plain "*", which matches everything */
    public static boolean matchesAll(byte[] pattern) {
        return pattern == null || (pattern.length == 1 && pattern[0] == '*');
    }

    /** Matches the one-byte token at {@code p}; returns the index after it, or -1. */
    private static int matchOne(byte[] pattern, int p, byte c) {
        switch (pattern[p]) {
            case '?':
                return p + 1;
            case '[':
                return matchClass(pattern, p + 1, c);
            case '\\':
                if (pattern.length - p >= 2) {
                    return pattern[p + 1] == c ? p + 2 : -1;
                }
                return c == '\\' ? p + 1 : -1;
            default:
                return pattern[p] == c ? p + 1 : -1;
        }
    }

    private static int matchClass(byte[] pattern, int i, byte c) {
        int len = pattern.length;
        boolean not = i < len && pattern[i] == '^';
        if (not) {
            i++;
        }
        boolean match = false;
        int end;
        while (true) {
            if (i < len && pattern[i] == '\\' && len - i >= 2) {
                i++;
                if (pattern[i] == c) {
                    match = true;
                }
            } else if (i < len && pattern[i] == ']') {
                end = i + 1;
                break;
            } else if (i >= len) {
                // unterminated class: Redis treats the end of the pattern as its close
                end = len;
                break;
            } else if (len - i >= 3 && pattern[i + 1] == '-') {
                byte lo = pattern[i];
                byte hi = pattern[i + 2];
                if (lo > hi) {
                    byte t = lo;
                    lo = hi;
                    hi = t;
                }
                if (c >= lo && c <= hi) {
                    match = true;
                }
                i += 2;
            } else if (pattern[i] == c) {
                match = true;
            }
            i++;
        }
        return match != not ? end : -1;
    }
}
