package chkv.node.command;

import java.net.InetSocketAddress;

/**
 * Redis's protected mode: a server without a password serves only clients that connect from the
 * loopback interface, and answers any other with this text before closing.
 */
final class ProtectedMode {
    private ProtectedMode() {}

    /** Redis 7.0's reply, word for word (its typo included), without the leading {@code -}. */
    static final String ERROR = "DENIED Redis is running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you "
            + "may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting to Redis from the same host the server is "
            + "running, however MAKE SURE Redis is not publicly accessible "
            + "from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. "
            + "2) Alternatively you can just disable the protected mode by "
            + "editing the Redis configuration file, and setting the protected "
            + "mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart "
            + "it with the '--protected-mode no' option. "
            + "4) Setup a an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.";

    /**
     * @param enabled {@code protected-mode}
     * @param hasPassword whether the default user has a password
     * @param remote the client's address, {@code null} when unknown
     * @return whether the client must be turned away
     */
    static boolean denies(boolean enabled, boolean hasPassword, InetSocketAddress remote) {
        return enabled && !hasPassword && remote != null && !remote.getAddress().isLoopbackAddress();
    }
}
