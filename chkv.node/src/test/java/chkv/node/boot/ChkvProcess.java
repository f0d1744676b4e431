package chkv.node.boot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code chkv ARGS...} as a process of its own, as a user starts it: this build's {@code Main}
 * on the module path these tests run with. Closing it sends SIGTERM, then kills what is left.
 */
final class ChkvProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_S = 30;
    private static final Pattern READY = Pattern.compile("ready on \\S+:(\\d+)");
    private static Path jvmOptions;

    private final Process process;
    private final List<String> printed;

    private ChkvProcess(Process process, List<String> printed) {
        this.process = process;
        this.printed = printed;
    }

    /**
     * Starts {@code chkv args...} and waits for its {@code ready on} line (a role's) or its
     * {@code ready} line (local-cluster's).
     *
     * @param log where its standard error goes
     * @throws AssertionError when it ends or stays silent instead
     */
    static ChkvProcess start(Path log, String... args) throws IOException {
        Process p = builder(args).redirectError(log.toFile()).start();
        AtomicBoolean ready = new AtomicBoolean();
        // one that stays silent is killed, which ends the read below
        CompletableFuture.delayedExecutor(READY_TIMEOUT_S, TimeUnit.SECONDS).execute(() -> {
            if (!ready.get()) {
                p.destroyForcibly();
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            seen.add(line);
            if (READY.matcher(line).find() || line.equals("ready")) {
                ready.set(true);
                // keep draining what it prints, so a full pipe never blocks it
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return new ChkvProcess(p, List.copyOf(seen));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("chkv " + String.join(" ", args) + " printed no ready line:\n"
                + String.join("\n", seen) + "\nstandard error:\n" + Files.readString(log));
    }

    /** Runs {@code chkv args...} to its end, at most 60 s. */
    static Run run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("chkv-test", ".out");
        Path err = Files.createTempFile("chkv-test", ".err");
        try {
            Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chkv " + String.join(" ", args) + " did not end within 60 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** @param exit the exit status @param out its standard output @param err its standard error */
    record Run(int exit, String out, String err) {}

    private static ProcessBuilder builder(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + jvmOptions(), "-m", "chkv.node/chkv.node.boot.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /**
     * @return a file of the JVM's options, the paths among them: a command line longer than a
     *     page hides its arguments from {@link ProcessHandle.Info}, where local-cluster reads
     *     how to start its processes
     */
    private static synchronized Path jvmOptions() throws IOException {
        if (jvmOptions == null) {
            Path file = Files.createTempFile("chkv-test-jvm", ".args");
            file.toFile().deleteOnExit();
            Files.write(file, List.of(
                    // a short-lived test process: C1 alone starts it faster on a small machine
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow",
                    "-p", quoted(System.getProperty("jdk.module.path")), "-cp", quoted(libraries())));
            jvmOptions = file;
        }
        return jvmOptions;
    }

    private static String quoted(String path) {
        return "\"" + path + "\"";
    }

    /**
     * @return the class path of these tests without their own classes: the jars that are no
     *     modules (Kryo's Objenesis, Netty's native libraries), which the modules of the path read
     */
    private static String libraries() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** @return the lines it printed up to the one that said it was ready */
    List<String> printed() {
        return printed;
    }

    /** @return the line that said it was ready */
    String readyLine() {
        return printed.getLast();
    }

    /** @return the port its {@code ready on} line names */
    int port() {
        Matcher m = READY.matcher(readyLine());
        if (!m.find()) {
            throw new AssertionError("no port in: " + readyLine());
        }
        return Integer.parseInt(m.group(1));
    }

    /** @return the process, and through it its children */
    Process process() {
        return process;
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy(); // SIGTERM: its shutdown hooks stop what it started
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            for (ProcessHandle child : children) {
                child.destroyForcibly();
            }
        }
    }
}
