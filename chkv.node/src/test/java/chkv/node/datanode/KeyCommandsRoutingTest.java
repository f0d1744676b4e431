package chkv.node.datanode;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.spi.HashFunction;
import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Placement;
import chkv.cluster.Topology;
import chkv.node.boot.Providers;
import chkv.node.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RENAME, RENAMENX, COPY and TOUCH declare their keys, so a cluster member routes them as Redis Cluster does. */
class KeyCommandsRoutingTest {
    private static final HashFunction MURMUR3 = Providers.hashFunctions().get("murmur3").create();
    private static final CommandTable TABLE = CommandTable.standard();

    private final ClusterRouter router = new ClusterRouter("127.0.0.1:1");
    private final Placement placement = new Placement(new Topology(1, "cache", 1, 64, "murmur3",
            List.of(member(1), member(2))), MURMUR3);

    @Test
    void twoKeyCommands_onKeysOfTwoOwners_areCrossSlot_onOneRemoteOwner_moved() {
        router.offer(placement);
        String mine = keyOwnedBy("127.0.0.1:1");
        String alsoMine = "{" + mine + "}:copy";
        String theirs = keyOwnedBy("127.0.0.1:2");
        String theirsToo = "{" + theirs + "}:copy";
        for (String command : List.of("RENAME", "RENAMENX", "COPY")) {
            assertThat(redirect(command, mine, theirs)).as(command).isEqualTo(ClusterRouter.CROSSSLOT);
            assertThat(redirect(command, theirs, mine)).as(command).isEqualTo(ClusterRouter.CROSSSLOT);
            assertThat(redirect(command, mine, alsoMine)).as(command).isNull();
            assertThat(redirect(command, theirs, theirsToo)).as(command).startsWith("MOVED ").endsWith(" 127.0.0.1:2");
        }
        assertThat(redirect("COPY", mine, theirs, "REPLACE")).isEqualTo(ClusterRouter.CROSSSLOT);
        assertThat(redirect("COPY", mine, alsoMine, "REPLACE")).isNull();
        assertThat(redirect("TOUCH", mine, alsoMine, theirs)).isEqualTo(ClusterRouter.CROSSSLOT);
        assertThat(redirect("TOUCH", mine, alsoMine)).isNull();
    }

    private String redirect(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.US_ASCII);
        }
        return router.redirect(a, TABLE.lookup(a[0]));
    }

    private static Member member(int port) {
        return new Member(Member.idOf("127.0.0.1", port), "127.0.0.1", port, 0, MemberState.UP, 1);
    }

    private String keyOwnedBy(String owner) {
        for (int i = 0; i < 10_000; i++) {
            String key = "key" + i;
            if (placement.owner(key.getBytes(StandardCharsets.US_ASCII)).id().equals(owner)) {
                return key;
            }
        }
        throw new AssertionError("no key owned by " + owner);
    }
}
