package chkv.client;

import static chkv.client.FakeNode.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.ChkvException;
import chkv.api.Reply;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Placement;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, scatter-gather, redirects and topology handling against DataNodes in memory. */
class ClusterClientTest {
    private final FakeCluster cluster = new FakeCluster(7001, 7002, 7003);
    private ClusterClient client;

    private ClusterClient open(byte[] secret, long connectTimeoutMillis) {
        return open(secret, connectTimeoutMillis, 2_000);
    }

    private ClusterClient open(byte[] secret, long connectTimeoutMillis, long timeoutMillis) {
        ClientSettings settings = new ClientSettings(FakeCluster.NAME_NODE, secret, null, "fake", 0, timeoutMillis,
                connectTimeoutMillis, 1, "client");
        client = ChkvClientProvider.open(cluster, settings, name -> FakeCluster::fnv);
        return client;
    }

    private ClusterClient open() {
        return open(FakeCluster.SECRET, 5_000);
    }

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        } else {
            cluster.close();
        }
    }

    private static Reply run(ClusterClient c, String... words) throws Exception {
        byte[][] args = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            args[i] = b(words[i]);
        }
        return c.execute(args).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** @return a reply as comparable values: bulks as strings, arrays as lists, null as null */
    static Object v(Reply reply) {
        return switch (reply) {
            case Reply.Bulk(byte[] value) -> FakeNode.s(value);
            case Reply.Array(List<Reply> items) -> items.stream().map(ClusterClientTest::v).toList();
            case Reply.Null n -> "(nil)";
            default -> reply;
        };
    }

    static List<String> strings(Reply reply) {
        return ((Reply.Array) reply).items().stream().map(r -> FakeNode.s(((Reply.Bulk) r).value())).toList();
    }

    private Placement placement() {
        return new Placement(cluster.topology, FakeCluster::fnv);
    }

    private FakeNode ownerOf(String key) {
        return cluster.nodes.get(placement().owner(b(key)).respAddress());
    }

    /** @return {@code count} keys or more, at least one owned by each ring member */
    private List<String> keysOnEveryNode(int count) {
        Placement p = placement();
        int members = p.topology().ringMembers().size();
        List<String> keys = new ArrayList<>();
        Set<String> owners = new HashSet<>();
        for (int i = 0; i < 10_000 && (keys.size() < count || owners.size() < members); i++) {
            keys.add("key:" + i);
            owners.add(p.owner(b("key:" + i)).id());
        }
        assertThat(owners).as("owners of %s", keys).hasSize(members);
        return keys;
    }

    @Test
    void set_get_goToTheOwnerOnly() throws Exception {
        open();
        for (String key : keysOnEveryNode(20)) {
            assertThat(run(client, "SET", key, "v-" + key)).isEqualTo(Reply.OK);
            assertThat(ownerOf(key).data).containsKey(key);
            cluster.nodes.values().stream().filter(n -> n != ownerOf(key))
                    .forEach(n -> assertThat(n.data).doesNotContainKey(key));
            assertThat(v(run(client, "GET", key))).isEqualTo("v-" + key);
        }
    }

    @Test
    void mget_acrossNodes_answersInKeyOrderWithOneCommandPerNode() throws Exception {
        open();
        List<String> keys = keysOnEveryNode(9);
        for (String key : keys.subList(1, keys.size())) {
            run(client, "SET", key, key.toUpperCase());
        }
        cluster.nodes.values().forEach(n -> n.received.clear());
        List<String> command = new ArrayList<>(List.of("MGET"));
        command.addAll(keys);
        Reply reply = run(client, command.toArray(String[]::new));
        List<Object> expected = new ArrayList<>();
        expected.add("(nil)");
        keys.subList(1, keys.size()).forEach(k -> expected.add(k.toUpperCase()));
        assertThat(v(reply)).isEqualTo(expected);
        for (FakeNode node : cluster.nodes.values()) {
            assertThat(node.received).singleElement().satisfies(sent -> {
                assertThat(sent).startsWith("MGET ");
                for (String key : sent.substring(5).split(" ")) {
                    assertThat(ownerOf(key)).isSameAs(node);
                }
            });
        }
    }

    @Test
    void del_exists_mset_splitPerOwnerAndMerge() throws Exception {
        open();
        List<String> keys = keysOnEveryNode(6);
        List<String> mset = new ArrayList<>(List.of("MSET"));
        keys.forEach(k -> mset.addAll(List.of(k, "x")));
        assertThat(run(client, mset.toArray(String[]::new))).isEqualTo(Reply.OK);
        keys.forEach(k -> assertThat(ownerOf(k).data).containsKey(k));
        List<String> exists = new ArrayList<>(List.of("EXISTS"));
        exists.addAll(keys);
        exists.add("missing");
        assertThat(run(client, exists.toArray(String[]::new))).isEqualTo(Reply.integer(keys.size()));
        exists.set(0, "DEL");
        assertThat(run(client, exists.toArray(String[]::new))).isEqualTo(Reply.integer(keys.size()));
        assertThat(run(client, "DBSIZE")).isEqualTo(Reply.ZERO);
    }

    @Test
    void multiKeyCommand_acrossOwners_isCrossslot_andOnOneOwner_isForwarded() throws Exception {
        open();
        List<String> keys = keysOnEveryNode(3);
        String a = keys.get(0);
        String other = keys.stream().filter(k -> ownerOf(k) != ownerOf(a)).findFirst().orElseThrow();
        assertThat(run(client, "MSETNX", a, "1", other, "2")).isEqualTo(Scatter.CROSSSLOT);
        assertThat(run(client, "RENAME", a, other)).isEqualTo(Scatter.CROSSSLOT);
        assertThat(((Reply.Error) Scatter.CROSSSLOT).message())
                .isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
        assertThat(run(client, "MSETNX", "{t}a", "1", "{t}b", "2")).isEqualTo(Reply.ONE);
        assertThat(ownerOf("{t}a").data).containsKeys("{t}a", "{t}b");
    }

    @Test
    void keys_dbsize_flushall_coverEveryNode() throws Exception {
        open();
        List<String> keys = keysOnEveryNode(10);
        for (String key : keys) {
            run(client, "SET", key, "v");
        }
        assertThat(strings(run(client, "KEYS", "*"))).hasSize(keys.size()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(run(client, "DBSIZE")).isEqualTo(Reply.integer(keys.size()));
        assertThat(v(run(client, "RANDOMKEY"))).isIn(keys);
        assertThat(run(client, "FLUSHALL")).isEqualTo(Reply.OK);
        assertThat(run(client, "DBSIZE")).isEqualTo(Reply.ZERO);
        assertThat(run(client, "RANDOMKEY")).isEqualTo(Reply.NULL_BULK);
    }

    @Test
    void scan_walksEveryNodeOnce_withCursorsPastTheFirstNodeAbove64Bits() throws Exception {
        open();
        List<String> keys = keysOnEveryNode(25);
        for (String key : keys) {
            run(client, "SET", key, "v");
        }
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        boolean wide = false;
        for (int pages = 0; pages < 100; pages++) {
            List<Reply> page = ((Reply.Array) run(client, "SCAN", cursor, "COUNT", "4")).items();
            cursor = FakeNode.s(((Reply.Bulk) page.get(0)).value());
            ((Reply.Array) page.get(1)).items().forEach(k -> seen.add(FakeNode.s(((Reply.Bulk) k).value())));
            wide |= new BigInteger(cursor).bitLength() > 64;
            if (cursor.equals("0")) {
                break;
            }
        }
        assertThat(cursor).isEqualTo("0");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(wide).isTrue();
        assertThat(run(client, "SCAN", "abc")).isEqualTo(Reply.error("ERR invalid cursor"));
        assertThat(run(client, "SCAN", BigInteger.ONE.shiftLeft(64).multiply(BigInteger.valueOf(3)).toString()))
                .isEqualTo(Reply.error("ERR invalid cursor"));
    }

    @Test
    void moved_isFollowedToTheNodeNamed_andAsk_sendsAskingFirst() throws Exception {
        open();
        FakeNode owner = ownerOf("k");
        FakeNode other = cluster.nodes.values().stream().filter(n -> n != owner).findFirst().orElseThrow();
        owner.redirects.put("k", "MOVED 12 127.0.0.1:" + other.address.getPort());
        int subscribed = cluster.subscribes.get();
        assertThat(run(client, "SET", "k", "v")).isEqualTo(Reply.OK);
        assertThat(other.data).containsKey("k");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.subscribes.get() == subscribed && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(cluster.subscribes.get()).as("a MOVED asks the NameNode for a newer epoch").isGreaterThan(subscribed);

        other.data.clear();
        other.received.clear();
        owner.redirects.put("k", "ASK 12 127.0.0.1:" + other.address.getPort());
        assertThat(run(client, "SET", "k", "w")).isEqualTo(Reply.OK);
        assertThat(other.received).containsExactly("ASKING", "SET k w");
    }

    @Test
    void redirectLoop_endsAfterTheBoundWithTheRedirect() throws Exception {
        open();
        FakeNode owner = ownerOf("k");
        FakeNode other = cluster.nodes.values().stream().filter(n -> n != owner).findFirst().orElseThrow();
        String toOther = "MOVED 12 127.0.0.1:" + other.address.getPort();
        String toOwner = "MOVED 12 127.0.0.1:" + owner.address.getPort();
        owner.redirects.put("k", toOther);
        other.redirects.put("k", toOwner);
        owner.received.clear();
        other.received.clear();
        // the tries alternate, owner first: the last one's redirect is the answer
        assertThat(run(client, "GET", "k")).isEqualTo(Reply.error(Router.MAX_TRIES % 2 == 1 ? toOther : toOwner));
        assertThat(owner.received).containsOnly("GET k").hasSize((Router.MAX_TRIES + 1) / 2);
        assertThat(other.received).containsOnly("GET k").hasSize(Router.MAX_TRIES / 2);
        assertThat(owner.received.size() + other.received.size()).isEqualTo(Router.MAX_TRIES);
    }

    @Test
    void unreachableNode_isRetriedWithBackoff_thenReported() throws Exception {
        open();
        FakeNode owner = ownerOf("k");
        owner.up = false;
        assertThatThrownBy(() -> run(client, "GET", "k")).hasCauseInstanceOf(Unreachable.class)
                .hasMessageContaining("unreachable");
        CompletionStage<Reply> pending = client.execute(b("SET"), b("k"), b("v"));
        Thread.sleep(Router.FIRST_BACKOFF_MILLIS);
        owner.up = true;
        assertThat(pending.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Reply.OK);
        assertThat(owner.data).containsKey("k");
    }

    @Test
    void silentNode_failsEachCommandAfterTheTimeout_andTheOthersStillAnswer() throws Exception {
        open(FakeCluster.SECRET, 5_000, 200);
        List<String> keys = keysOnEveryNode(6);
        String stalled = keys.getFirst();
        String other = keys.stream().filter(k -> ownerOf(k) != ownerOf(stalled)).findFirst().orElseThrow();
        assertThat(run(client, "SET", stalled, "v")).isEqualTo(Reply.OK); // the connection is open
        ownerOf(stalled).silent = true;
        long start = System.nanoTime();
        List<CompletableFuture<Reply>> late = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            late.add(client.execute(b("GET"), b(stalled)).toCompletableFuture());
        }
        assertThat(run(client, "SET", other, "w")).isEqualTo(Reply.OK);
        for (CompletableFuture<Reply> reply : late) {
            assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ChkvException.class)
                    .hasMessageContaining("no reply within 200 ms (expected: a reply)");
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waited).as("milliseconds until the timeout").isBetween(200L, 5_000L);
        ownerOf(stalled).silent = false;
        assertThat(v(run(client, "GET", stalled))).isEqualTo("v");
    }

    @Test
    void nodeOutOfTheRing_answersTheCommandsInFlight_beforeItsConnectionCloses() throws Exception {
        open();
        String key = keysOnEveryNode(3).getFirst();
        FakeNode owner = ownerOf(key);
        assertThat(run(client, "SET", key, "v")).isEqualTo(Reply.OK); // the connection is open
        CompletableFuture<Void> release = new CompletableFuture<>();
        owner.held = release;
        CompletableFuture<Reply> inFlight = client.execute(b("GET"), b(key)).toCompletableFuture();
        List<Member> others = cluster.topology.members().stream()
                .filter(m -> !m.respAddress().equals(owner.address)).toList();
        cluster.publish(others);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.placement().topology().members().size() != others.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.placement().topology().members()).hasSameSizeAs(others);
        release.complete(null);
        // a command that was sent cannot be sent again, so its connection must stay for its reply
        assertThat(v(inFlight.get(10, TimeUnit.SECONDS))).isEqualTo("v");
    }

    @Test
    void pipelinedCommands_keepTheirOrderWhileTheConnectionOpens() throws Exception {
        open();
        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(client.execute(b("INCR"), b("counter")).toCompletableFuture());
        }
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(Reply.integer(i + 1));
        }
        assertThat(ownerOf("counter").connections.get()).isEqualTo(1);
    }

    @Test
    void commandWithoutKeys_orUnknown_goesToSomeNode() throws Exception {
        open();
        assertThat(run(client, "PING")).isEqualTo(Reply.PONG);
        assertThat(v(run(client, "ECHO", "hi"))).isEqualTo("hi");
        assertThat(run(client, "NOSUCH", "x")).isInstanceOf(Reply.Error.class);
    }

    @Test
    void newerEpoch_isApplied_andLostNameNodeReconnectsWithItsEpoch() throws Exception {
        open();
        assertThat(cluster.roles).containsExactly("client");
        List<Member> two = cluster.topology.members().subList(0, 2);
        cluster.dropControlConnections();
        cluster.publish(two); // published while the client is away: it learns it on re-subscribing
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.placement().topology().ringMembers().size() != 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.placement().epoch()).isEqualTo(cluster.topology.epoch());
        assertThat(cluster.roles).hasSize(2);
        Placement p = client.placement();
        for (String key : keysOnEveryNode(10)) {
            run(client, "SET", key, "v");
            assertThat(cluster.nodes.get(p.owner(b(key)).respAddress()).data).containsKey(key);
        }
        List<Member> down = List.of(two.get(0).withState(MemberState.DEAD), two.get(1));
        cluster.publish(down);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.placement().topology().ringMembers().size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.placement().topology().ringMembers()).hasSize(1);
    }

    @Test
    void emptyCluster_answersClusterdown() throws Exception {
        cluster.publish(List.of());
        open();
        assertThat(run(client, "GET", "k")).isEqualTo(Reply.error("CLUSTERDOWN Hash slot not served"));
    }

    @Test
    void wrongSecret_failsToOpenNamingTheNameNode() {
        assertThatThrownBy(() -> open(new byte[] {1}, 300)).isInstanceOf(ChkvException.class)
                .hasMessageContaining("NameNode " + FakeCluster.NAME_NODE);
        assertThat(cluster.roles).isNotEmpty();
    }

    @Test
    void closedClient_failsCommands() {
        open().close();
        assertThat(client.execute(b("PING")).toCompletableFuture()).isCompletedExceptionally();
    }

    static InetSocketAddress address(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
