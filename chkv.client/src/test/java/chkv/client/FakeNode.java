package chkv.client;

import chkv.api.Reply;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DataNode in memory with the commands the client routes, Redis's replies, and scripted
 * redirects: a key in {@link #redirects} is answered with that error instead.
 */
final class FakeNode {
    final InetSocketAddress address;
    final TreeMap<String, byte[]> data = new TreeMap<>();
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> redirects = new ConcurrentHashMap<>();
    final AtomicInteger connections = new AtomicInteger();
    volatile boolean up = true;
    /** Takes commands and never answers them, as a node stalled by a long pause. */
    volatile boolean silent;
    /** When set, takes commands and answers them once it completes, as a slow node. */
    volatile java.util.concurrent.CompletableFuture<Void> held;
    private boolean asking;

    FakeNode(InetSocketAddress address) {
        this.address = address;
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What COMMAND says of the commands this node serves: name, arity, flags, first, last, step. */
    private static final Object[][] TABLE = {
            {"get", 2, 1, 1, 1}, {"set", -3, 1, 1, 1}, {"incr", 2, 1, 1, 1}, {"mget", -2, 1, -1, 1},
            {"mset", -3, 1, -1, 2}, {"msetnx", -3, 1, -1, 2}, {"del", -2, 1, -1, 1}, {"exists", -2, 1, -1, 1},
            {"rename", 3, 1, 2, 1}, {"keys", 2, 0, 0, 0}, {"dbsize", 1, 0, 0, 0}, {"flushall", -1, 0, 0, 0},
            {"scan", -2, 0, 0, 0}, {"randomkey", 1, 0, 0, 0}, {"ping", -1, 0, 0, 0}, {"echo", 2, 0, 0, 0}};

    synchronized Reply execute(byte[][] args) {
        String name = s(args[0]).toLowerCase(java.util.Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (byte[] a : args) {
            words.add(s(a));
        }
        if (!name.equals("hello")) {
            received.add(String.join(" ", words));
        }
        boolean wasAsking = asking;
        asking = false;
        if (name.equals("asking")) {
            asking = true;
            return Reply.OK;
        }
        for (int i = 1; i < args.length; i++) {
            String redirect = redirects.get(s(args[i]));
            if (redirect != null && !(wasAsking && redirect.startsWith("ASK"))) {
                return Reply.error(redirect);
            }
        }
        return switch (name) {
            case "hello" -> new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(Reply.bulk("proto"), Reply.integer(3)));
            case "command" -> {
                List<Reply> entries = new ArrayList<>();
                for (Object[] row : TABLE) {
                    entries.add(new Reply.Array(List.of(Reply.bulk((String) row[0]), Reply.integer((Integer) row[1]),
                            new Reply.Aggregate(Reply.Aggregate.Kind.SET, List.of()), Reply.integer((Integer) row[2]),
                            Reply.integer((Integer) row[3]), Reply.integer((Integer) row[4]))));
                }
                yield new Reply.Array(entries);
            }
            case "get" -> Reply.bulk(data.get(s(args[1])));
            case "set" -> {
                data.put(s(args[1]), args[2]);
                yield Reply.OK;
            }
            case "incr" -> {
                long n = data.containsKey(s(args[1])) ? Long.parseLong(s(data.get(s(args[1])))) + 1 : 1;
                data.put(s(args[1]), b(Long.toString(n)));
                yield Reply.integer(n);
            }
            case "mget" -> {
                List<Reply> values = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    values.add(Reply.bulk(data.get(s(args[i]))));
                }
                yield new Reply.Array(values);
            }
            case "mset", "msetnx" -> {
                for (int i = 1; i < args.length; i += 2) {
                    data.put(s(args[i]), args[i + 1]);
                }
                yield name.equals("mset") ? Reply.OK : Reply.ONE;
            }
            case "del", "exists" -> {
                long n = 0;
                for (int i = 1; i < args.length; i++) {
                    n += (name.equals("del") ? data.remove(s(args[i])) : data.get(s(args[i]))) != null ? 1 : 0;
                }
                yield Reply.integer(n);
            }
            case "keys" -> Reply.bulks(data.keySet().stream().map(FakeNode::b).toList());
            case "dbsize" -> Reply.integer(data.size());
            case "flushall" -> {
                data.clear();
                yield Reply.OK;
            }
            case "scan" -> scan(Integer.parseInt(s(args[1])), args.length > 3 ? Integer.parseInt(s(args[3])) : 10);
            case "randomkey" -> data.isEmpty() ? Reply.NULL_BULK : Reply.bulk(b(data.firstKey()));
            case "ping" -> Reply.PONG;
            case "echo" -> Reply.bulk(args[1]);
            default -> Reply.error("ERR unknown command '" + s(args[0]) + "', with args beginning with: ");
        };
    }

    /** A cursor that is the index of the next key in sorted order, {@code COUNT} keys a page. */
    private Reply scan(int cursor, int count) {
        List<String> keys = new ArrayList<>(data.keySet());
        int end = Math.min(keys.size(), cursor + count);
        List<byte[]> page = keys.subList(Math.min(cursor, keys.size()), end).stream().map(FakeNode::b).toList();
        return new Reply.Array(List.of(Reply.bulk(Integer.toString(end >= keys.size() ? 0 : end)), Reply.bulks(page)));
    }
}
