package chkv.client;

import chkv.api.ConfigException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a {@code chkv://host:port?option=value&...} URI asks for; see {@link ChkvClientProvider}
 * for the options.
 *
 * @param nameNode the NameNode's control address
 * @param secret the cluster secret, empty for none
 * @param password the DataNodes' {@code requirepass}, or {@code null}
 * @param transport the transport's provider name
 * @param ioThreads the transport's I/O threads, 0 for its default
 * @param timeoutMillis how long a command may wait for its reply
 * @param connectTimeoutMillis how long opening the client may wait for the first topology
 * @param connectionsPerNode pipelined connections to each DataNode
 * @param role how the client introduces itself to the NameNode: {@code client} or {@code proxy}
 */
record ClientSettings(InetSocketAddress nameNode, byte[] secret, String password, String transport,
        int ioThreads, long timeoutMillis, long connectTimeoutMillis, int connectionsPerNode, String role) {

    static final int DEFAULT_PORT = 7370;
    private static final Set<String> OPTIONS = Set.of("secret", "secret-file", "password", "transport",
            "io-threads", "timeout-ms", "connect-timeout-ms", "connections", "role");

    static ClientSettings parse(URI uri) {
        if (uri.getHost() == null || uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new ConfigException("client URI: " + uri + " (expected: chkv://host[:port][?option=value&...])");
        }
        Map<String, String> options = query(uri);
        String secretText = options.get("secret");
        String secretFile = options.get("secret-file");
        if (secretText != null && secretFile != null) {
            throw new ConfigException("client URI: both secret and secret-file (expected: one of them)");
        }
        byte[] secret = secretText != null ? secretText.getBytes(StandardCharsets.UTF_8)
                : secretFile != null ? readSecret(secretFile) : new byte[0];
        String role = options.getOrDefault("role", "client");
        if (!role.equals("client") && !role.equals("proxy")) {
            throw new ConfigException("client URI role: " + role + " (expected: client or proxy)");
        }
        return new ClientSettings(
                new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort()),
                secret, options.get("password"), options.getOrDefault("transport", "netty"),
                (int) number(options, "io-threads", 0, 0, 1024),
                number(options, "timeout-ms", 10_000, 1, Long.MAX_VALUE),
                number(options, "connect-timeout-ms", 10_000, 1, Long.MAX_VALUE),
                (int) number(options, "connections", 1, 1, 64), role);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> options = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return options;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!OPTIONS.contains(key)) {
                throw new ConfigException("client URI option: " + key + " (expected one of: "
                        + String.join(", ", OPTIONS.stream().sorted().toList()) + ")");
            }
            if (options.put(key, value) != null) {
                throw new ConfigException("client URI option: " + key + " twice (expected: once)");
            }
        }
        return options;
    }

    private static long number(Map<String, String> options, String key, long fallback, long min, long max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("client URI option " + key + ": " + text + " (expected: " + min + " to " + max + ")");
    }

    /** The file's text without one trailing line break, which editors add, as the NameNode reads it. */
    private static byte[] readSecret(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceFirst("\\R\\z", "")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("client URI secret-file: " + file + " (expected: a readable file, " + e + ")");
        }
    }
}
