package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.cluster.ClusterMessage.Transfer;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Placement;
import chkv.cluster.Slots;
import chkv.cluster.Topology;
import chkv.node.command.CommandSpec;
import chkv.node.boot.Providers;
import chkv.node.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRouterTest {

    private static final HashFunction MURMUR3 = Providers.hashFunctions().get("murmur3").create();

    private static final CommandTable TABLE = CommandTable.standard();
    private final ClusterRouter router = new ClusterRouter("127.0.0.1:1");

    private static Member member(int port) {
        return new Member(Member.idOf("127.0.0.1", port), "127.0.0.1", port, 0, MemberState.UP, 1);
    }

    private static Placement placement(long epoch, Member... members) {
        return new Placement(new Topology(epoch, "cache", 1, 64, "murmur3", List.of(members)), MURMUR3);
    }

    private static byte[][] args(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return a;
    }

    private String redirect(String... words) {
        byte[][] a = args(words);
        CommandSpec spec = TABLE.lookup(a[0]);
        return router.redirect(a, spec);
    }

    /** @return a key that {@code owner} owns under {@code p} */
    private static String keyOwnedBy(Placement p, String owner) {
        for (int i = 0; i < 10_000; i++) {
            String key = "key" + i;
            if (p.owner(key.getBytes(StandardCharsets.US_ASCII)).id().equals(owner)) {
                return key;
            }
        }
        throw new AssertionError("no key owned by " + owner);
    }

    @Test
    void beforeAnyTopology_everyKeyedCommandGetsClusterDown() {
        assertThat(redirect("GET", "k")).isEqualTo("CLUSTERDOWN The cluster is down");
    }

    @Test
    void ownKey_runsHere_anotherOwnersKey_getsMovedToIt() {
        Placement p = placement(1, member(1), member(2));
        router.offer(p);
        String mine = keyOwnedBy(p, "127.0.0.1:1");
        String theirs = keyOwnedBy(p, "127.0.0.1:2");
        assertThat(redirect("GET", mine)).isNull();
        long position = MURMUR3.position(theirs.getBytes(StandardCharsets.US_ASCII));
        assertThat(redirect("SET", theirs, "v")).isEqualTo("MOVED " + Slots.of(position) + " 127.0.0.1:2");
        assertThat(router.owns(mine.getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(router.owns(theirs.getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void keysOfSeveralOwners_getCrossSlot_evenWhenOneIsHere() {
        Placement p = placement(1, member(1), member(2));
        router.offer(p);
        String mine = keyOwnedBy(p, "127.0.0.1:1");
        String theirs = keyOwnedBy(p, "127.0.0.1:2");
        assertThat(redirect("MGET", mine, theirs)).isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
        assertThat(redirect("MSET", mine, "1", theirs, "2")).isEqualTo(ClusterRouter.CROSSSLOT);
        String alsoMine = "{" + mine + "}:2"; // a hash tag: placed by the part in braces
        assertThat(redirect("MSET", mine, "1", alsoMine, "2")).isNull();
    }

    @Test
    void olderEpoch_isNeverAppliedOverANewerOne() {
        assertThat(router.offer(placement(5, member(1)))).isTrue();
        assertThat(router.offer(placement(4, member(2)))).isFalse();
        assertThat(router.offer(placement(5, member(2)))).isFalse();
        assertThat(router.placement().epoch()).isEqualTo(5);
        assertThat(router.offer(placement(6, member(2)))).isTrue();
        assertThat(redirect("GET", "akey")).startsWith("MOVED ");
    }

    @Test
    void aMemberDeclaredDead_ownsNothing() {
        Member dead = member(1).withState(MemberState.DEAD);
        router.offer(placement(2, dead, member(2)));
        assertThat(redirect("GET", "anything")).endsWith(" 127.0.0.1:2");
    }

    /**
     * The hand-over takes a marked key, then reads it. A key marked before the flush could be
     * taken and read just before the flush deleted it: its value went over and its deletion
     * never did, so the flushed key came back on the new owner (HandOverTest saw 375 of them).
     */
    @Test
    void flushDuringAHandOver_marksEachMovingKeyOnceTheStoreIsEmpty() {
        Placement p = placement(1, member(1));
        router.offer(p);
        Handover handover = new Handover(List.of(new Transfer(0, 0, "127.0.0.1:2", "127.0.0.1", 2)));
        router.handover(handover);
        Store store = Providers.stores().get("heap").create(StoreConfig.of(Clock.systemUTC()));
        byte[] key = "moving".getBytes(StandardCharsets.US_ASCII);
        store.set(key, new byte[] {1}, SetOptions.PLAIN);
        List<byte[]> takenBeforeTheFlush = new ArrayList<>();
        List<Boolean> presentThen = new ArrayList<>();

        String refused = router.flush(store, () -> {
            // the hand-over, on its own thread, in the moment before the store empties
            takenBeforeTheFlush.addAll(handover.takeWritten(100));
            presentThen.add(store.exists(key));
            store.clear();
        });

        assertThat(refused).isNull();
        assertThat(presentThen).containsExactly(true);
        assertThat(store.size()).isZero();
        assertThat(handover.takeWritten(100)).as("keys to send again, as deleted").containsExactly(key);
    }

    @Test
    void flushWhileTheRangesAreFrozen_getsTryAgain_andLeavesTheStoreAlone() throws InterruptedException {
        router.offer(placement(1, member(1)));
        Handover handover = new Handover(List.of(new Transfer(0, 0, "127.0.0.1:2", "127.0.0.1", 2)));
        router.handover(handover);
        handover.freeze(() -> { });
        boolean[] cleared = {false};

        assertThat(router.flush(null, () -> cleared[0] = true)).startsWith("TRYAGAIN");
        assertThat(cleared[0]).isFalse();
    }
}
