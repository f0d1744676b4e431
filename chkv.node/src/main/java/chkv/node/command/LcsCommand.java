package chkv.node.command;

import static chkv.node.command.AclCategory.STRING;
import static chkv.node.command.Flag.READONLY;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS, the longest common subsequence of two string values, as Redis 7.0's lcsCommand: the
 * textbook dynamic programme, its table bounded by the largest bulk string as Redis bounds it,
 * and the matches walked back from the end of both strings.
 */
final class LcsCommand {
    private LcsCommand() {}

    static CommandSpec spec() {
        return CommandSpec.builder("lcs", -3, "string").acl(STRING)
                .doc("Find longest common substring", "7.0.0", "O(N*M) where N and M are the lengths of s1 and s2, "
                        + "respectively")
                .flags(READONLY).keys(1, 2, 1, "RO access").handler(LcsCommand::lcs);
    }

    private static Reply lcs(Call c) {
        byte[] a = value(c, 1);
        byte[] b = value(c, 2);
        boolean getLength = false;
        boolean getIndexes = false;
        boolean withMatchLength = false;
        long minMatchLength = 0;
        for (int j = 3; j < c.argc(); j++) {
            boolean more = j + 1 < c.argc();
            if (c.is(j, "idx")) {
                getIndexes = true;
            } else if (c.is(j, "len")) {
                getLength = true;
            } else if (c.is(j, "withmatchlen")) {
                withMatchLength = true;
            } else if (c.is(j, "minmatchlen") && more) {
                minMatchLength = Math.max(0, c.integer(++j));
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
        }
        if (getLength && getIndexes) {
            throw new RedisException("ERR If you want both the length and indexes, please just use IDX.");
        }
        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * Integer.BYTES > Store.MAX_STRING_LENGTH) {
            throw new RedisException("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int width = b.length + 1;
        int[] table = new int[(int) cells];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                table[i * width + j] = a[i - 1] == b[j - 1] ? table[(i - 1) * width + j - 1] + 1
                        : Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
            }
        }
        int length = table[a.length * width + b.length];
        if (getLength) {
            return Reply.integer(length);
        }
        byte[] common = new byte[length];
        List<Reply> matches = new ArrayList<>();
        int idx = length;
        int i = a.length;
        int j = b.length;
        int aStart = -1; // no range yet
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[--idx] = a[i - 1];
                if (aStart < 0) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                i--;
                j--;
            } else {
                if (table[(i - 1) * width + j] > table[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                emit = aStart >= 0;
            }
            if (emit) {
                int matchLength = aEnd - aStart + 1;
                if (minMatchLength == 0 || matchLength >= minMatchLength) {
                    List<Reply> match = new ArrayList<>(List.of(
                            new Reply.Array(List.of(Reply.integer(aStart), Reply.integer(aEnd))),
                            new Reply.Array(List.of(Reply.integer(bStart), Reply.integer(bEnd)))));
                    if (withMatchLength) {
                        match.add(Reply.integer(matchLength));
                    }
                    matches.add(new Reply.Array(match));
                }
                aStart = -1;
            }
        }
        if (!getIndexes) {
            return Reply.bulk(common);
        }
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(Reply.bulk("matches"),
                new Reply.Array(matches), Reply.bulk("len"), Reply.integer(length)));
    }

    /** The string at the key argument; a missing key is the empty string, as in Redis. */
    private static byte[] value(Call c, int arg) {
        byte[] v = c.looked(c.store().read(c.arg(arg), current -> current == null ? null : current.value()));
        return v == null ? new byte[0] : v;
    }
}
