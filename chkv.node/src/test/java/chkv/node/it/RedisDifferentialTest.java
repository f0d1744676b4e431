package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
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
            assertSame(script, redis, node);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void authScript_onDataNodeWithAPassword_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start("--requirepass", RespScript.PASSWORD);
                NodeFixture node = NodeFixture.start(store, RespScript.PASSWORD)) {
            assertSame(authScript, redis, node);
        }
    }

    private static void assertSame(RespScript script, RespServer redis, RespServer node) {
        List<DifferentialRunner.Mismatch> mismatches = new DifferentialRunner(redis, node).run(script);
        String report = mismatches.stream().map(DifferentialRunner.Mismatch::toString)
                .collect(Collectors.joining("\n"));
        assertThat(mismatches).as("%s differs from %s in %d of %d commands of %s:%n%s", node.name(),
                redis.name(), mismatches.size(), script.commandCount(), script.name(), report).isEmpty();
    }
}
