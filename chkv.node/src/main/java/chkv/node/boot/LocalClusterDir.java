package chkv.node.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** The directory of {@code chkv local-cluster}: emptied at each start, it holds the logs and a fresh secret. */
final class LocalClusterDir {
    private static final String MARKER = ".chkv-local-cluster";

    private LocalClusterDir() {
    }

    /**
     * Empties a directory a local cluster made before (it holds the marker), or makes a new one,
     * then writes a fresh random cluster secret only its owner can read.
     *
     * @return the secret's file
     */
    static Path prepare(Path directory) throws IOException {
        recreate(directory);
        Path secret = directory.resolve("cluster-secret");
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Files.writeString(secret, HexFormat.of().formatHex(random) + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    private static void recreate(Path directory) throws IOException {
        Path marker = directory.resolve(MARKER);
        if (Files.isDirectory(directory) && !Files.exists(marker)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("--dir " + directory
                            + ": not empty and not a local cluster's (expected: a new or an earlier local-cluster directory)");
                }
            }
        }
        if (Files.exists(directory)) {
            try (Stream<Path> all = Files.walk(directory)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(directory);
        Files.createFile(marker);
    }
}
