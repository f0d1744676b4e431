package chkv.node.it;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What one server did for one command of a script step. */
sealed interface Outcome {
    /** @return the outcome for a human: escaped bytes, or what went wrong */
    String describe();

    /** A complete reply. */
    record Replied(Resp reply) implements Outcome {
        public String describe() {
            return reply.toString();
        }
    }

    /** The keys a SCAN walked to cursor 0 found, sorted, without duplicates. */
    record Scanned(List<String> keys) implements Outcome {
        public String describe() {
            return "SCAN to cursor 0 found " + keys.stream()
                    .map(k -> Resp.escape(k.getBytes(StandardCharsets.ISO_8859_1), 200)).toList();
        }
    }

    /** Everything sent before the server closed (or went silent, {@code closed} false). */
    record Drained(byte[] bytes, boolean closed) implements Outcome {
        public String describe() {
            return Resp.escape(bytes, 4096) + (closed ? " then closed" : " and the connection stayed open");
        }
    }

    /** No usable reply: timeout, early close, or bytes that are not RESP. */
    record Failed(String why) implements Outcome {
        public String describe() {
            return "<" + why + ">";
        }
    }
}
