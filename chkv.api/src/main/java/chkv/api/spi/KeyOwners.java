package chkv.api.spi;

import java.util.concurrent.CompletionStage;

/**
 * What a cluster client tells a proxy about where keys live, and a connection of the proxy's own
 * to one node: a transaction's state ({@code WATCH}, the commands {@code MULTI} queues) lives in
 * one connection of one node, so a proxy pins each client's transaction to such a connection. A
 * {@link chkv.api.KvClient} that routes by key may implement it.
 */
public interface KeyOwners {

    /**
     * @param command a command and its arguments
     * @return the node that owns every key the command names, as an id for {@link #connect};
     *     the empty string when it names no key; {@code null} when its keys belong to several nodes
     */
    String ownerOf(byte[]... command);

    /**
     * Opens a new connection to a node, ready as the client's own (same protocol, authenticated),
     * whose commands fail after the client's timeout like the client's.
     *
     * @param owner an id from {@link #ownerOf}, or the empty string for any node
     * @return completes with the connection, which the caller closes, or exceptionally when the
     *     node is gone or cannot be reached
     */
    CompletionStage<Transport.RespConnection> connect(String owner);
}
