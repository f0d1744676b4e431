package chkv.node.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the Redis executables the differential and CLI tests run. On CI (the {@code CI} system
 * property or environment variable is set) a missing or wrong tool fails the test; on a
 * developer's machine it skips it.
 */
final class ExternalTools {
    private ExternalTools() {}

    /** @return whether this run is on CI, where skipping is not acceptable */
    static boolean onCi() {
        String value = System.getProperty("CI", System.getenv("CI"));
        return value != null && !value.isBlank() && !value.equalsIgnoreCase("false");
    }

    /**
     * @param executable a program name such as {@code redis-server}
     * @return its path on {@code PATH}
     */
    static Path require(String executable) {
        Optional<Path> found = onPath(executable);
        if (found.isEmpty()) {
            unavailable(executable + " not found on PATH (" + System.getenv("PATH")
                    + "); install Redis 7 (Debian/Ubuntu: apt-get install redis-server redis-tools)");
        }
        return found.orElseThrow();
    }

    /** Fails on CI, skips elsewhere. */
    static void unavailable(String why) {
        if (onCi()) {
            fail(why + " (required because CI is set)");
        }
        Assumptions.abort(why + " (skipped; set CI=true to make this a failure)");
    }

    static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
