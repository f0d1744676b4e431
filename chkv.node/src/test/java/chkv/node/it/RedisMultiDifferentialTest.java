package chkv.node.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions, WATCH from two connections, RESET and SLOWLOG: the DataNode answers the script
 * byte for byte as redis-server 7 does, on every store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisMultiDifferentialTest {
    private RespScript script;

    @BeforeAll
    void loadScript() {
        script = RespScript.load(RespScript.DIFFERENTIAL_MULTI);
        System.out.println(script.name() + ": " + script.commandCount() + " commands in " + script.steps().size()
                + " steps");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void script_onDataNode_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start(); NodeFixture node = NodeFixture.start(store)) {
            DifferentialRunner.assertSameReplies(script, redis, node);
        }
    }
}
