package chkv.node.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DataNode answers the bitmap commands and LCS byte for byte as redis-server 7 does, on every store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisBitsDifferentialTest {
    static final String SCRIPT = "/it/differential-bits.script";

    private RespScript script;

    @BeforeAll
    void loadScript() {
        script = RespScript.load(SCRIPT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void script_onDataNode_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start(); NodeFixture node = NodeFixture.start(store)) {
            DifferentialRunner.assertSameReplies(script, redis, node);
        }
    }
}
