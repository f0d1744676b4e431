package chkv.node.it;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DataNode answers each differential script byte for byte as redis-server 7 does, on every
 * store: transactions from two connections, key and server commands, OBJECT/MEMORY/RANDOMKEY,
 * and the bitmap commands with LCS. Both servers run with their defaults.
 */
class RedisScriptsDifferentialTest {
    private static final List<String> SCRIPTS = List.of(RespScript.DIFFERENTIAL_MULTI,
            "/it/differential-keys-server.script", "/it/differential-object.script", "/it/differential-bits.script");

    static Stream<Arguments> scriptsAndStores() {
        return SCRIPTS.stream().flatMap(s -> Stream.of("heap", "offheap").map(store -> Arguments.of(s, store)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("scriptsAndStores")
    void script_onDataNode_matchesRedisByteForByte(String path, String store) {
        RespScript script = RespScript.load(path);
        System.out.println(script.name() + ": " + script.commandCount() + " commands in " + script.steps().size()
                + " steps");
        try (RedisServer redis = RedisServer.start(); NodeFixture node = NodeFixture.start(store)) {
            DifferentialRunner.assertSameReplies(script, redis, node);
        }
    }
}
