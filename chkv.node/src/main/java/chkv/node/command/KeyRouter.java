package chkv.node.command;

import chkv.api.spi.Store;

/**
 * Decides, before a keyed command runs, whether this node serves its keys. A standalone node
 * serves every key; a cluster member answers a key it does not own with Redis Cluster's
 * redirect instead of a wrong answer.
 */
@FunctionalInterface
public interface KeyRouter {

    /** Serves every key: the standalone node. */
    KeyRouter LOCAL = (args, spec) -> null;

    /**
     * Called only for commands that have key arguments ({@link CommandSpec#firstKey()} above 0)
     * and a valid argument count.
     *
     * @param args the command and its arguments
     * @param spec the command, whose first key, last key and step locate the keys
     * @return {@code null} to run the command here, or the error to answer instead, without the
     *     leading {@code -} ({@code MOVED <slot> <host>:<port>}, {@code CROSSSLOT ...})
     */
    String redirect(byte[][] args, CommandSpec spec);

    /**
     * Called on the same thread once a command that {@link #redirect} let run here has run,
     * whatever it answered, so that a router can follow what changed (a range being handed over
     * sends the keys written meanwhile again).
     *
     * @param args the command and its arguments
     * @param spec the command
     */
    default void executed(byte[][] args, CommandSpec spec) {}

    /**
     * Runs FLUSHALL's or FLUSHDB's {@code clear} of {@code store} on the command's thread, so that
     * a router can follow the deletion of keys that no argument names (a range being handed over
     * sends each of its keys again, now as deleted).
     *
     * @param store the store to be emptied
     * @param clear empties it
     * @return {@code null} once {@code clear} ran, or the error to answer instead (then it did not
     *     run), as for {@link #redirect}
     */
    default String flush(Store store, Runnable clear) {
        clear.run();
        return null;
    }
}
