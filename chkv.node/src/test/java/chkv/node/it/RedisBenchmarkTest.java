package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The real {@code redis-benchmark}, pipelining from several connections, against a DataNode. */
class RedisBenchmarkTest {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path temp;

    @Test
    public void benchmark_pipelinedClients_everyRequestServed() throws Exception {
        Path benchmark = ExternalTools.require("redis-benchmark");
        try (NodeFixture node = NodeFixture.start("heap")) {
            List<String> command = List.of(benchmark.toString(),
                    "-h", node.address().getAddress().getHostAddress(),
                    "-p", Integer.toString(node.address().getPort()),
                    "-n", "4000", "-c", "4", "-P", "16", "-t", "set,get,incr,mset", "--csv");
            Path out = temp.resolve("benchmark.out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            try {
                process.getOutputStream().close();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail(command + " did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(out));
                }
            } finally {
                process.destroyForcibly();
            }
            String output = Files.readString(out);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output.lines().map(line -> line.split(",")[0]))
                    .contains("\"SET\"", "\"GET\"", "\"INCR\"", "\"MSET (10 keys)\"");
            try (Jedis jedis = new Jedis(node.address().getHostString(), node.address().getPort())) {
                // without -r every INCR hits the one key: none may be lost or counted twice
                assertThat(jedis.get("counter:__rand_int__")).isEqualTo("4000");
                assertThat(jedis.strlen("key:__rand_int__")).isEqualTo(3);
            }
        }
    }
}
