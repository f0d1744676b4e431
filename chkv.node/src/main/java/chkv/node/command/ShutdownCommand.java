package chkv.node.command;

import static chkv.node.command.Flag.ADMIN;
import static chkv.node.command.Flag.ALLOW_BUSY;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NO_MULTI;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]}: stops the node as SIGTERM does. As in
 * Redis the caller gets no reply: its connection closes with the node. A DataNode keeps nothing
 * on disk, so SAVE fails as a failed save does in Redis, unless FORCE says to stop anyway.
 */
final class ShutdownCommand {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCommand.class);

    private ShutdownCommand() {}

    static CommandSpec spec() {
        return CommandSpec.builder("shutdown", -1, "server").flags(ADMIN, NOSCRIPT, LOADING, STALE, NO_MULTI, ALLOW_BUSY)
                .doc("Synchronously save the dataset to disk and then shut down the server", "1.0.0",
                        "O(N) when saving, where N is the total number of keys in all databases when saving data, "
                                + "otherwise O(1)")
                .handler(ShutdownCommand::shutdown);
    }

    private static Reply shutdown(Call c) {
        boolean save = false;
        boolean noSave = false;
        boolean force = false;
        boolean abort = false;
        boolean any = false;
        for (int i = 1; i < c.argc(); i++) {
            if (c.is(i, "nosave")) {
                noSave = true;
            } else if (c.is(i, "save")) {
                save = true;
            } else if (c.is(i, "now")) {
                any = true;
            } else if (c.is(i, "force")) {
                force = true;
            } else if (c.is(i, "abort")) {
                abort = true;
                continue;
            } else {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
            any = true;
        }
        if ((abort && any) || (save && noSave)) {
            throw new RedisException(Call.SYNTAX_ERROR);
        }
        if (abort) {
            // a shutdown here never waits for replicas, so none is ever in progress to abort
            throw new RedisException("ERR No shutdown in progress.");
        }
        if (save && !force) {
            LOG.warn("SHUTDOWN SAVE: a DataNode keeps nothing on disk, so there is nothing it can save;"
                    + " use SHUTDOWN NOSAVE, or FORCE");
            throw new RedisException("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        LOG.info("User requested shutdown...");
        c.server().shutdown();
        return new Reply.Deferred(new CompletableFuture<>()); // never answered: the connection closes
    }
}
