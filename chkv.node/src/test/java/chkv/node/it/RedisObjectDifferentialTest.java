package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The DataNode answers OBJECT, MEMORY and RANDOMKEY byte for byte as redis-server 7 does where the reply is deterministic, on every store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisObjectDifferentialTest {
    static final String SCRIPT = "/it/differential-object.script";

    private RespScript script;

    @BeforeAll
    void loadScript() {
        script = RespScript.load(SCRIPT);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"heap", "offheap"})
    public void script_onDataNode_matchesRedisByteForByte(String store) {
        try (RedisServer redis = RedisServer.start(); NodeFixture node = NodeFixture.start(store)) {
            List<DifferentialRunner.Mismatch> mismatches = new DifferentialRunner(redis, node).run(script);
            String report = mismatches.stream().map(DifferentialRunner.Mismatch::toString)
                    .collect(Collectors.joining("\n"));
            assertThat(mismatches).as("%s differs from %s in %d of %d commands of %s:%n%s", node.name(),
                    redis.name(), mismatches.size(), script.commandCount(), script.name(), report).isEmpty();
        }
    }
}
