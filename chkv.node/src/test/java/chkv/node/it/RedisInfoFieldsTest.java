package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every field of redis-server 7.0's {@code INFO all} that applies to a DataNode is in the node's,
 * in the same section and order. Per-command, per-error and per-database lines depend on what
 * ran, so only their sections are compared.
 */
class RedisInfoFieldsTest {

    /** What a DataNode does not have: jemalloc, Lua and functions, a main thread of its own, latency histograms. */
    private static final Set<String> NOT_APPLICABLE = Set.of(
            "allocator_allocated", "allocator_active", "allocator_resident", "allocator_frag_ratio",
            "allocator_frag_bytes", "allocator_rss_ratio", "allocator_rss_bytes", "rss_overhead_ratio",
            "rss_overhead_bytes", "used_memory_lua", "used_memory_vm_eval", "used_memory_lua_human",
            "used_memory_scripts_eval", "number_of_cached_scripts", "number_of_functions", "number_of_libraries",
            "used_memory_vm_functions", "used_memory_vm_total", "used_memory_vm_total_human",
            "used_memory_functions", "used_memory_scripts", "used_memory_scripts_human",
            "used_cpu_sys_main_thread", "used_cpu_user_main_thread");

    /** Sections whose lines name commands, errors or databases rather than fixed fields. */
    private static final Set<String> VARIABLE = Set.of("Commandstats", "Errorstats", "Latencystats", "Keyspace");

    @Test
    void infoAll_hasEveryApplicableRedisFieldInRedisOrder() throws IOException {
        Map<String, List<String>> redis;
        Map<String, List<String>> node;
        try (RedisServer r = RedisServer.start(); NodeFixture n = NodeFixture.start("heap")) {
            redis = fields(infoAll(r));
            node = fields(infoAll(n));
        }
        assertThat(redis.get("Server")).as("redis's INFO is read").contains("redis_version", "tcp_port");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        redis.forEach((section, names) -> {
            if (!section.equals("Latencystats")) {
                expected.put(section, VARIABLE.contains(section) ? List.of()
                        : names.stream().filter(f -> !NOT_APPLICABLE.contains(f)).toList());
            }
        });
        Map<String, List<String>> actual = new LinkedHashMap<>();
        node.forEach((section, names) -> actual.put(section, VARIABLE.contains(section) ? List.of()
                : names.stream().filter(f -> !f.startsWith("chkv_")).toList()));
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((section, names) ->
                assertThat(actual.get(section)).as("# %s", section).containsExactlyElementsOf(names));
    }

    private static String infoAll(RespServer server) throws IOException {
        try (RawConnection c = new RawConnection(server.address())) {
            c.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$4\r\nINFO\r\n$3\r\nall\r\n".getBytes(StandardCharsets.US_ASCII));
            c.read();
            return c.read().text();
        }
    }

    /** @return the field names of each section, by section title */
    private static Map<String, List<String>> fields(String info) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new ArrayList<>();
                sections.put(line.substring(2), current);
            } else if (!line.isEmpty() && current != null) {
                current.add(line.substring(0, line.indexOf(':')));
            }
        }
        return sections;
    }
}
