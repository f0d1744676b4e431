package chkv.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code redis-cli}, in its non-interactive modes, against a standalone DataNode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisCliTest {
    private static final long TIMEOUT_SECONDS = 20;

    private Path cli;
    private NodeFixture node;
    @TempDir
    Path temp;

    @BeforeAll
    void start() {
        cli = ExternalTools.require("redis-cli");
        node = NodeFixture.start("heap");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void flush() {
        assertThat(run(node, null, "FLUSHALL").stdout()).isEqualTo("OK\n");
    }

    @Test
    public void setAndGet_rawAndFormatted() {
        assertThat(run("SET", "k", "v").stdout()).isEqualTo("OK\n");
        assertThat(run("GET", "k").stdout()).isEqualTo("v\n");
        assertThat(run("--raw", "GET", "k").stdout()).isEqualTo("v\n");
        assertThat(run("--no-raw", "GET", "k").stdout()).isEqualTo("\"v\"\n");
        assertThat(run("--no-raw", "GET", "missing").stdout()).isEqualTo("(nil)\n");
        assertThat(run("--no-raw", "MGET", "k", "missing").stdout()).isEqualTo("1) \"v\"\n2) (nil)\n");
        assertThat(run("--no-raw", "INCR", "n").stdout()).isEqualTo("(integer) 1\n");
        assertThat(run("--no-raw", "NOSUCH", "x").stdout())
                .isEqualTo("(error) ERR unknown command 'NOSUCH', with args beginning with: 'x' \n");
    }

    @Test
    public void stdinArgument_binaryValueRoundTrips() {
        Result set = run(node, "hello\0world\r\n".getBytes(StandardCharsets.ISO_8859_1), "-x", "SET", "bin");
        assertThat(set.stdout()).isEqualTo("OK\n");
        assertThat(run("--no-raw", "GET", "bin").stdout()).isEqualTo("\"hello\\x00world\\r\\n\"\n");
        assertThat(run("--no-raw", "STRLEN", "bin").stdout()).isEqualTo("(integer) 13\n");
    }

    @Test
    public void resp3_helloThenNulls() {
        assertThat(run("-3", "HELLO").stdout().lines()).contains("proto 3");
        assertThat(run("-3", "--no-raw", "GET", "missing").stdout()).isEqualTo("(nil)\n");
        run("SET", "k", "v");
        assertThat(run("-3", "--no-raw", "MGET", "k", "missing").stdout()).isEqualTo("1) \"v\"\n2) (nil)\n");
        assertThat(run("-3", "GET", "k").stdout()).isEqualTo("v\n");
    }

    @Test
    public void infoKeyspace_countsKeysAndExpires() {
        run("MSET", "a", "1", "b", "2", "c", "3");
        run("EXPIRE", "a", "1000");
        String info = run("INFO", "keyspace").stdout();
        assertThat(info).startsWith("# Keyspace\r\n");
        assertThat(info).containsPattern("db0:keys=3,expires=1,avg_ttl=\\d+\r\n");
    }

    @Test
    public void infoKeyspace_avgTtlComesFromActiveExpiry() throws InterruptedException {
        run("SET", "a", "1", "EX", "1000");
        // active expiry runs ten times a second; its first sample sets the estimate
        Matcher m = null;
        for (int i = 0; i < 50 && (m == null || m.group(1).equals("0")); i++) {
            Thread.sleep(100);
            m = Pattern.compile("avg_ttl=(\\d+)\r\n").matcher(run("INFO", "keyspace").stdout());
            assertThat(m.find()).isTrue();
        }
        assertThat(Long.parseLong(m.group(1))).isBetween(990_000L, 1_000_000L);
    }

    @Test
    public void scanWithPattern_listsEveryMatchingKeyOnce() {
        StringBuilder commands = new StringBuilder();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            commands.append("SET user:").append(i).append(" x\n").append("SET other:").append(i).append(" y\n");
            expected.add("user:" + i);
        }
        run(node, commands.toString().getBytes(StandardCharsets.UTF_8));
        List<String> found = run("--scan", "--pattern", "user:*").stdout().lines().toList();
        assertThat(found).doesNotHaveDuplicates();
        assertThat(new HashSet<>(found)).isEqualTo(expected);
        assertThat(run("--scan", "--pattern", "user:1?").stdout().lines())
                .containsExactlyInAnyOrder("user:10", "user:11", "user:12", "user:13", "user:14",
                        "user:15", "user:16", "user:17", "user:18", "user:19");
        assertThat(run("DBSIZE").stdout()).isEqualTo("600\n");
    }

    @Test
    public void stdin_runsEachLineAsACommand() {
        String script = "SET a 1\nINCR a\nINCRBY a 10\nGET a\nMGET a nope\nAPPEND a \"x y\"\nGET a\nDEL a\nDBSIZE\n";
        assertThat(run(node, script.getBytes(StandardCharsets.UTF_8)).stdout())
                .isEqualTo("OK\n2\n12\n12\n12\n\n5\n12x y\n1\n0\n");
    }

    @Test
    public void repeat_sendsTheCommandNTimes() {
        assertThat(run("-r", "5", "INCR", "r").stdout()).isEqualTo("1\n2\n3\n4\n5\n");
    }

    @Test
    public void pipeMode_massInsertion() {
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000; i++) {
            protocol.writeBytes(RespScript.encode(new byte[][] {
                    "SET".getBytes(StandardCharsets.US_ASCII),
                    ("key:" + i).getBytes(StandardCharsets.US_ASCII),
                    ("value\r\n" + i).getBytes(StandardCharsets.US_ASCII)}));
        }
        Result result = run(node, protocol.toByteArray(), "--pipe");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("errors: 0, replies: 5000");
        assertThat(run("DBSIZE").stdout()).isEqualTo("5000\n");
        assertThat(run("--no-raw", "GET", "key:4999").stdout()).isEqualTo("\"value\\r\\n4999\"\n");
    }

    @Test
    public void bigKeys_scansAndSizesEveryKey() {
        run("MSET", "a", "1", "bb", "22", "ccc", "333");
        Result result = run("--bigkeys");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Sampled 3 keys in the keyspace!",
                "Biggest string found '\"ccc\"' has 3 bytes", "3 strings with 6 bytes");
    }

    @Test
    public void auth_withPasswordOption() {
        try (NodeFixture secured = NodeFixture.start("heap", "s3cret")) {
            assertThat(run(secured, null, "--no-raw", "GET", "k").stdout())
                    .isEqualTo("(error) NOAUTH Authentication required.\n");
            assertThat(run(secured, null, "-a", "s3cret", "--no-auth-warning", "SET", "k", "v").stdout())
                    .isEqualTo("OK\n");
            assertThat(run(secured, null, "-a", "s3cret", "--no-auth-warning", "-3", "GET", "k").stdout())
                    .isEqualTo("v\n");
            assertThat(run(secured, null, "-a", "wrong", "--no-auth-warning", "GET", "k").stdout()
                    + run(secured, null, "-a", "wrong", "--no-auth-warning", "GET", "k").stderr())
                    .contains("WRONGPASS");
        }
    }

    private Result run(String... args) {
        return run(node, null, args);
    }

    /** Runs redis-cli against {@code server}, feeding it {@code stdin}, bounded in time. */
    private Result run(RespServer server, byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString(),
                "-h", server.address().getAddress().getHostAddress(),
                "-p", Integer.toString(server.address().getPort())));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(temp, "cli", ".out");
            Path err = Files.createTempFile(temp, "cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("REDISCLI_AUTH");
            Process process = builder.start();
            try {
                try (OutputStream in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    fail(command + " did not exit within " + TIMEOUT_SECONDS + " s; output so far: "
                            + Files.readString(out));
                }
                return new Result(process.exitValue(),
                        new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1),
                        Files.readString(err));
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What redis-cli printed. */
    private record Result(int exitCode, String stdout, String stderr) {}
}
