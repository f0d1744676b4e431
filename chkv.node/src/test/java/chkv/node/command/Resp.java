package chkv.node.command;

import chkv.api.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes a {@link Reply} as RESP2 or RESP3 text, so tests compare with the bytes Redis sends.
 * Bytes map one-to-one to Latin-1 characters.
 */
final class Resp {
    private Resp() {}

    static String encode(Reply reply, int protocol) {
        StringBuilder out = new StringBuilder();
        write(out, reply, protocol == 3);
        return out.toString();
    }

    private static void write(StringBuilder out, Reply reply, boolean resp3) {
        switch (reply) {
            case Reply.Simple s -> out.append('+').append(s.text()).append("\r\n");
            case Reply.Error e -> out.append('-').append(e.message()).append("\r\n");
            case Reply.Int i -> out.append(':').append(i.value()).append("\r\n");
            case Reply.Bulk b -> bulk(out, new String(b.value(), StandardCharsets.ISO_8859_1));
            case Reply.Array a -> items(out, resp3 ? "*" : "*", a.items().size(), a.items(), resp3);
            case Reply.Aggregate a -> {
                String prefix = !resp3 ? "*" : switch (a.kind()) {
                    case MAP -> "%";
                    case SET -> "~";
                    case PUSH -> ">";
                };
                int n = resp3 && a.kind() == Reply.Aggregate.Kind.MAP ? a.items().size() / 2 : a.items().size();
                items(out, prefix, n, a.items(), resp3);
            }
            case Reply.Double d -> {
                if (resp3) {
                    out.append(',').append(d.value()).append("\r\n");
                } else {
                    bulk(out, Double.toString(d.value()));
                }
            }
            case Reply.Bool b -> out.append(resp3 ? (b.value() ? "#t" : "#f") : (b.value() ? ":1" : ":0"))
                    .append("\r\n");
            case Reply.Verbatim v -> {
                if (resp3) {
                    String text = "txt:" + v.text();
                    out.append('=').append(text.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                            .append(text).append("\r\n");
                } else {
                    bulk(out, v.text());
                }
            }
            case Reply.Null n -> out.append(resp3 ? "_" : n.array() ? "*-1" : "$-1").append("\r\n");
            case Reply.Deferred d -> write(out, d.future().toCompletableFuture().join(), resp3);
        }
    }

    private static void bulk(StringBuilder out, String value) {
        out.append('$').append(value.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n")
                .append(value).append("\r\n");
    }

    private static void items(StringBuilder out, String prefix, int n, List<Reply> items, boolean resp3) {
        out.append(prefix).append(n).append("\r\n");
        for (Reply item : items) {
            write(out, item, resp3);
        }
    }
}
