package chkv.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts roles of the shipped image as real processes, as a user would, and stops them all. */
final class ClusterProcesses implements AutoCloseable {
    private static final Path LAUNCHER = Path.of("..", "chkv");
    private static final Pattern READY = Pattern.compile("ready on (\\S+):(\\d+)");

    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    /** @param dir where each process's log goes */
    ClusterProcesses(Path dir) {
        this.dir = dir;
    }

    /** A started role: its process and the port its ready line named. */
    record Role(Process process, int port) {
        String address() {
            return "127.0.0.1:" + port;
        }
    }

    /** Starts {@code ./chkv args...} and waits for its ready line. */
    Role start(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve(name + ".log").toFile());
        pb.environment().put("CHKV_NO_BUILD", "1");
        Process p = pb.start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return new Role(p, Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError(name + " printed no ready line:\n" + seen + "\nlog: " + dir.resolve(name + ".log"));
    }

    /** Runs {@code ./chkv args...} to its end (at most 60 s). @return exit code and output */
    static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CHKV_NO_BUILD", "1");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** @param exit the exit code @param output stdout and stderr */
    record Run(int exit, String output) {}

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
