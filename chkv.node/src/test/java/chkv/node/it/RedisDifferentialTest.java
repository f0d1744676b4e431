package chkv.node.it;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DataNode answers the differential script byte for byte as redis-server 7 does, on every
 * store. Each mismatch is printed with the command and both raw replies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDifferentialTest {
    private RespScript script;
    private RespScript authScript;

    @BeforeAll
    void loadScripts() {
        script = RespScript.load(RespScript.DIFFERENTIAL);
        authScript = RespScript.load(RespScript.DIFFERENTIAL_AUTH);
        for (RespScript s : List.of(script, authScript)) {
            System.out.println(s.name() + ": " + s.commandCount() + " commands in " + s.steps().size() + " steps");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void script_onDataNode_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start(); NodeFixture node = NodeFixture.start(store)) {
            DifferentialRunner.assertSameReplies(script, redis, node);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void authScript_onDataNodeWithAPassword_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start("--requirepass", RespScript.PASSWORD);
                NodeFixture node = NodeFixture.start(store, RespScript.PASSWORD)) {
            DifferentialRunner.assertSameReplies(authScript, redis, node);
        }
    }
}
