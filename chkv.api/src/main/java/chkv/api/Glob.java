package chkv.api;

/**
 * Redis's glob matching for {@code KEYS}, {@code SCAN MATCH} and friends, with the exact
 * semantics of Redis 7.0's {@code stringmatchlen}: {@code *}, {@code ?}, {@code [...]} with
 * ranges (reversed ranges allowed) and {@code ^} negation, and {@code \} escapes, byte-wise and
 * case-sensitive. Redis's quirks are kept on purpose, since replies must be identical:
 * <ul>
 *   <li>an empty string matches only an empty pattern (so {@code **} does not match the empty
 *       key; callers special-case a lone {@code *} through {@link #matchesAll});
 *   <li>an unterminated class ends at the end of the pattern, and a trailing {@code \} is a
 *       literal backslash;
 *   <li>a {@code *} nested more than 1000 deep answers "no match", which bounds the work an
 *       abusive pattern can cause.
 * </ul>
 */
public final class Glob {
    /** Redis's recursion limit for {@code *}: deeper branches answer "no match". */
    private static final int MAX_NESTING = 1000;

    private Glob() {}

    /**
     * @param pattern a Redis glob pattern
     * @param string the bytes to test
     * @return whether {@code string} matches {@code pattern} as Redis would decide
     */
    public static boolean matches(byte[] pattern, byte[] string) {
        return new Matcher(pattern, string).match(0, 0, 0);
    }

    /**
     * @param pattern a Redis glob pattern, or {@code null} for none
     * @return whether the pattern is absent or a plain "*", which callers treat as matching
     *         every key without consulting {@link #matches} (as Redis does)
     */
    public static boolean matchesAll(byte[] pattern) {
        return pattern == null || (pattern.length == 1 && pattern[0] == '*');
    }

    /** One match attempt; holds the flag Redis shares across the whole recursion. */
    private static final class Matcher {
        private final byte[] pattern;
        private final byte[] string;
        /**
         * Set once the rest of a pattern after some {@code *} matched no suffix at all: then
         * trying longer matches for an earlier {@code *} cannot help, so every level gives up.
         */
        private boolean skipLongerMatches;

        Matcher(byte[] pattern, byte[] string) {
            this.pattern = pattern;
            this.string = string;
        }

        /** Redis reads its NUL-terminated patterns past the end; that reads as a zero byte. */
        private byte at(int p) {
            return p < pattern.length ? pattern[p] : 0;
        }

        /** Matches {@code pattern[p..]} against {@code string[s..]}. */
        boolean match(int p, int s, int nesting) {
            if (nesting > MAX_NESTING) {
                return false;
            }
            while (p < pattern.length && s < string.length) {
                switch (pattern[p]) {
                    case '*' -> {
                        while (at(p + 1) == '*') {
                            p++;
                        }
                        if (p + 1 == pattern.length) {
                            return true;
                        }
                        // try the rest at every non-empty suffix, Redis's exact order and depth
                        for (; s < string.length; s++) {
                            if (match(p + 1, s, nesting + 1)) {
                                return true;
                            }
                            if (skipLongerMatches) {
                                return false;
                            }
                        }
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> s++;
                    case '[' -> {
                        p = matchClass(p + 1, string[s]);
                        if (p < 0) {
                            return false;
                        }
                        s++;
                    }
                    default -> {
                        if (pattern[p] == '\\' && pattern.length - p >= 2) {
                            p++; // an escape; a trailing backslash stands for itself
                        }
                        if (pattern[p] != string[s]) {
                            return false;
                        }
                        s++;
                    }
                }
                p++;
                if (s == string.length) {
                    // trailing stars match the empty rest, but only after a byte was consumed
                    while (at(p) == '*') {
                        p++;
                    }
                    break;
                }
            }
            return p == pattern.length && s == string.length;
        }

        /**
         * Matches the class whose body starts at {@code p} (after the '[') against {@code c}.
         *
         * @return the index of its closing ']' (or, when unterminated, of the pattern's last
         *         byte), or -1 when {@code c} is not in the class
         */
        private int matchClass(int p, byte c) {
            boolean not = at(p) == '^';
            if (not) {
                p++;
            }
            boolean match = false;
            while (true) {
                int left = pattern.length - p;
                if (at(p) == '\\' && left >= 2) {
                    p++;
                    match |= pattern[p] == c;
                } else if (at(p) == ']') {
                    break;
                } else if (left == 0) {
                    p--; // unterminated: the class ends with the pattern
                    break;
                } else if (left >= 3 && pattern[p + 1] == '-') {
                    // bytes compare signed, as C's char does on x86-64
                    int lo = Math.min(pattern[p], pattern[p + 2]);
                    int hi = Math.max(pattern[p], pattern[p + 2]);
                    match |= c >= lo && c <= hi;
                    p += 2;
                } else {
                    match |= pattern[p] == c;
                }
                p++;
            }
            return match != not ? p : -1;
        }
    }
}
