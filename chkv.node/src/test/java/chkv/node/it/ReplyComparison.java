package chkv.node.it;

import chkv.node.it.Outcome.Drained;
import chkv.node.it.Outcome.Replied;
import chkv.node.it.Outcome.Scanned;
import chkv.node.it.RespScript.Command;
import chkv.node.it.RespScript.Compare;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Compares two outcomes exactly, unless the command's mark relaxes one aspect. */
final class ReplyComparison {
    private ReplyComparison() {}

    /** @return whether {@code actual} counts as the same as {@code expected} for this command */
    static boolean matches(Command command, Outcome expected, Outcome actual) {
        Compare compare = command == null ? Compare.EXACT : command.compare();
        if (expected instanceof Replied(Resp e) && actual instanceof Replied(Resp a)) {
            return switch (compare) {
                case EXACT, SCAN -> e.equals(a);
                case SORTED -> sameSorted(e, a);
                case WITHIN -> within(e, a, command.tolerance());
                case SHAPE -> sameShape(e, a);
                case TYPE -> e.type() == a.type();
            };
        }
        if (expected instanceof Scanned(List<String> e) && actual instanceof Scanned(List<String> a)) {
            return e.equals(a);
        }
        if (expected instanceof Drained(byte[] e, boolean ec) && actual instanceof Drained(byte[] a, boolean ac)) {
            return ec == ac && Arrays.equals(e, a);
        }
        return false;
    }

    private static boolean sameSorted(Resp e, Resp a) {
        if (e.elements() == null || a.elements() == null || e.type() != a.type()
                || e.elements().size() != a.elements().size()) {
            return e.equals(a);
        }
        return sorted(e).equals(sorted(a));
    }

    private static List<String> sorted(Resp aggregate) {
        return aggregate.elements().stream()
                .map(r -> new String(r.raw(), StandardCharsets.ISO_8859_1)).sorted().toList();
    }

    private static boolean within(Resp e, Resp a, long tolerance) {
        if (e.type() != ':' || a.type() != ':') {
            return e.equals(a);
        }
        long x = Long.parseLong(e.text());
        long y = Long.parseLong(a.text());
        return x < 0 || y < 0 ? x == y : Math.abs(x - y) <= tolerance;
    }

    static boolean sameShape(Resp e, Resp a) {
        if (e.type() != a.type()) {
            return false;
        }
        if (e.elements() == null || a.elements() == null) {
            return (e.elements() == null) == (a.elements() == null)
                    && (e.payload() == null) == (a.payload() == null);
        }
        if (e.elements().size() != a.elements().size()) {
            return false;
        }
        for (int i = 0; i < e.elements().size(); i++) {
            Resp x = e.elements().get(i);
            Resp y = a.elements().get(i);
            // a map's keys are its shape (HELLO's "server", "proto", ...): only values may differ
            boolean mapKey = e.type() == '%' && i % 2 == 0;
            if (mapKey ? !x.equals(y) : !sameShape(x, y)) {
                return false;
            }
        }
        return true;
    }
}
