package chkv.node.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The cluster secret options every role shares: on the command line, or from a file so that
 * {@code ps} does not show it. Without either, the cluster runs without a secret.
 */
final class ClusterSecret {

    @Option(names = "--cluster-secret", paramLabel = "SECRET",
            description = "The secret every process of the cluster shares; checked by challenge and response, never sent.")
    String secret;

    @Option(names = "--cluster-secret-file", paramLabel = "FILE",
            description = "Read the cluster secret from this file (a trailing line break is ignored), so ps does not show it.")
    Path file;

    /** @return the secret's bytes, empty for none */
    byte[] bytes() {
        if (secret != null && file != null) {
            throw new IllegalArgumentException("--cluster-secret and --cluster-secret-file (expected: one of them)");
        }
        if (file != null) {
            try {
                // as every role and the client library read it: one trailing line break dropped
                String text = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("--cluster-secret-file " + file + ": empty (expected: the secret)");
                }
                return text.getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--cluster-secret-file " + file + ": " + e.getMessage(), e);
            }
        }
        return secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }
}
