package chkv.client;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.cluster.Member;
import chkv.cluster.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The commands that span nodes, split into one command per node and merged as one server would
 * answer: MGET in key order, DEL/UNLINK/EXISTS/TOUCH summed, MSET per owner, KEYS concatenated,
 * DBSIZE summed, FLUSHALL/FLUSHDB when every node succeeded, SCAN node after node, RANDOMKEY
 * from a node that has keys. The first error reply of any part is the reply.
 */
final class Scatter {
    static final Reply CROSSSLOT = Reply.error("CROSSSLOT Keys in request don't hash to the same slot");

    private final Router router;

    Scatter(Router router) {
        this.router = router;
    }

    /** One node's share of a command over keys: the indexes of its keys (or key-value pairs). */
    private record Share(byte[] firstKey, List<Integer> items) {}

    /**
     * @param keysFrom index of the first key
     * @param stride 1 for keys, 2 for key-value pairs
     */
    private static Map<String, Share> split(Placement placement, byte[][] command, int keysFrom, int stride) {
        Map<String, Share> shares = new LinkedHashMap<>();
        for (int i = keysFrom; i < command.length; i += stride) {
            byte[] key = command[i];
            Member owner = placement.owner(key);
            shares.computeIfAbsent(owner.id(), id -> new Share(key, new ArrayList<>())).items().add(i);
        }
        return shares;
    }

    private static byte[][] subCommand(byte[][] command, Share share, int stride) {
        byte[][] sub = new byte[1 + share.items().size() * stride][];
        sub[0] = command[0];
        int j = 1;
        for (int i : share.items()) {
            for (int k = 0; k < stride; k++) {
                sub[j++] = command[i + k];
            }
        }
        return sub;
    }

    /** MGET: the values in the order the keys were asked for. */
    CompletionStage<Reply> mget(Placement placement, byte[][] command) {
        return byOwner(placement, command, 1, (shares, replies) -> {
            Reply[] values = new Reply[command.length - 1];
            int s = 0;
            for (Share share : shares) {
                List<Reply> items = items(replies.get(s++));
                for (int k = 0; k < share.items().size(); k++) {
                    values[share.items().get(k) - 1] = items.get(k);
                }
            }
            return new Reply.Array(Arrays.asList(values));
        });
    }

    /** DEL, UNLINK, EXISTS, TOUCH: the sum of the counts. */
    CompletionStage<Reply> sum(Placement placement, byte[][] command) {
        return byOwner(placement, command, 1, (shares, replies) -> sumOf(replies));
    }

    /** MSET: each owner's pairs, OK when every owner wrote. */
    CompletionStage<Reply> mset(Placement placement, byte[][] command) {
        return byOwner(placement, command, 2, (shares, replies) -> Reply.OK);
    }

    /** MSETNX: atomic only on one node, so pairs of several owners are refused as Redis Cluster does. */
    CompletionStage<Reply> msetnx(Placement placement, byte[][] command) {
        Map<String, Share> shares = split(placement, command, 1, 2);
        if (shares.size() > 1) {
            return CompletableFuture.completedFuture(CROSSSLOT);
        }
        return router.send(Router.Target.owner(command[1]), command);
    }

    private CompletionStage<Reply> byOwner(Placement placement, byte[][] command, int stride,
            Merge merge) {
        Map<String, Share> shares = split(placement, command, 1, stride);
        if (shares.size() == 1) {
            return router.send(Router.Target.owner(command[1]), command);
        }
        List<Share> order = List.copyOf(shares.values());
        List<CompletableFuture<Reply>> parts = new ArrayList<>();
        for (Share share : order) {
            parts.add(router.send(Router.Target.owner(share.firstKey()), subCommand(command, share, stride))
                    .toCompletableFuture());
        }
        return all(parts, replies -> merge.apply(order, replies));
    }

    @FunctionalInterface
    private interface Merge {
        Reply apply(List<Share> shares, List<Reply> replies);
    }

    /** KEYS, DBSIZE, FLUSHALL, FLUSHDB: every ring member, merged. */
    CompletionStage<Reply> everyNode(Placement placement, byte[][] command, Function<List<Reply>, Reply> merge) {
        List<CompletableFuture<Reply>> parts = new ArrayList<>();
        for (Member member : placement.topology().ringMembers()) {
            parts.add(router.send(Router.Target.node(member.respAddress()), command).toCompletableFuture());
        }
        return all(parts, merge);
    }

    static Reply concat(List<Reply> replies) {
        List<Reply> keys = new ArrayList<>();
        replies.forEach(r -> keys.addAll(items(r)));
        return new Reply.Array(keys);
    }

    static Reply sumOf(List<Reply> replies) {
        long total = 0;
        for (Reply r : replies) {
            if (!(r instanceof Reply.Int(long n))) {
                return Reply.error("ERR unexpected reply from a node: " + r);
            }
            total += n;
        }
        return Reply.integer(total);
    }

    static Reply allOk(List<Reply> replies) {
        return Reply.OK;
    }

    /** SCAN: one node's page, its cursor turned into the cluster's. */
    CompletionStage<Reply> scan(Placement placement, byte[][] command) {
        List<Member> members = placement.topology().ringMembers();
        ScanCursor cursor;
        try {
            cursor = ScanCursor.parse(new String(command[1], StandardCharsets.US_ASCII), members.size());
        } catch (RedisException e) {
            return CompletableFuture.completedFuture(Reply.error(e.getMessage()));
        }
        byte[][] sub = command.clone();
        sub[1] = Connections.ascii(Long.toUnsignedString(cursor.nodeCursor()));
        return router.send(Router.Target.node(members.get(cursor.index()).respAddress()), sub).thenApply(reply -> {
            if (reply instanceof Reply.Error) {
                return reply;
            }
            List<Reply> page = items(reply);
            long next = Long.parseUnsignedLong(new String(bulk(page.get(0)), StandardCharsets.US_ASCII));
            return new Reply.Array(List.of(Reply.bulk(cursor.next(next, members.size()).text()), page.get(1)));
        });
    }

    /** RANDOMKEY: the members in random order until one has a key. */
    CompletionStage<Reply> randomKey(Placement placement, byte[][] command) {
        List<Member> members = new ArrayList<>(placement.topology().ringMembers());
        Collections.shuffle(members);
        return randomKey(members, 0, command);
    }

    private CompletionStage<Reply> randomKey(List<Member> members, int i, byte[][] command) {
        return router.send(Router.Target.node(members.get(i).respAddress()), command).thenCompose(reply ->
                reply instanceof Reply.Null && i + 1 < members.size()
                        ? randomKey(members, i + 1, command)
                        : CompletableFuture.completedFuture(reply));
    }

    /** Waits for every part; the first error reply, in part order, wins over the merge. */
    private static CompletionStage<Reply> all(List<CompletableFuture<Reply>> parts, Function<List<Reply>, Reply> merge) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Reply> replies = parts.stream().map(CompletableFuture::join).toList();
            for (Reply r : replies) {
                if (r instanceof Reply.Error) {
                    return r;
                }
            }
            return merge.apply(replies);
        });
    }

    private static List<Reply> items(Reply reply) {
        return switch (reply) {
            case Reply.Array(List<Reply> items) -> items;
            case Reply.Aggregate(Reply.Aggregate.Kind kind, List<Reply> items) -> items;
            default -> throw new IllegalStateException("a node's reply: " + reply + " (expected: an array)");
        };
    }

    private static byte[] bulk(Reply reply) {
        return switch (reply) {
            case Reply.Bulk(byte[] value) -> value;
            case Reply.Simple(String text) -> text.getBytes(StandardCharsets.US_ASCII);
            default -> throw new IllegalStateException("a node's cursor: " + reply + " (expected: a bulk string)");
        };
    }
}
