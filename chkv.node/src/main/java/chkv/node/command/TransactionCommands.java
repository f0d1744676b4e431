package chkv.node.command;

import static chkv.node.command.Flag.ALLOW_BUSY;
import static chkv.node.command.Flag.FAST;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.NOSCRIPT;
import static chkv.node.command.Flag.SKIP_SLOWLOG;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.ArrayList;
import java.util.List;

/** MULTI, EXEC, DISCARD, WATCH and UNWATCH, with Redis 7.0's replies. */
final class TransactionCommands {
    private TransactionCommands() {}

    /** Redis's reply to EXEC after a command was refused while queuing. */
    static final String EXECABORT = "EXECABORT Transaction discarded because of previous errors.";

    /** Every key of every queued command, as one request the router can judge. */
    private static final CommandSpec ALL_KEYS = CommandSpec.builder("exec", -1, "transactions")
            .keys(1, -1, 1, "RO").handler(c -> Reply.OK);

    static List<CommandSpec> specs() {
        return List.of(
                cmd("multi", 1, "Mark the start of a transaction block", "1.2.0", "O(1)")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).handler(TransactionCommands::multi),
                cmd("exec", 1, "Execute all commands issued after MULTI", "1.2.0",
                        "Depends on commands in the transaction")
                        .flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG).handler(TransactionCommands::exec),
                cmd("discard", 1, "Discard all commands issued after MULTI", "2.0.0",
                        "O(N), when N is the number of queued commands")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).handler(TransactionCommands::discard),
                cmd("watch", -2, "Watch the given keys to determine execution of the MULTI/EXEC block", "2.2.0",
                        "O(1) for every key.")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).keys(1, -1, 1, "RO")
                        .handler(TransactionCommands::watch),
                cmd("unwatch", 1, "Forget about all watched keys", "2.2.0", "O(1)")
                        .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY).handler(c -> {
                            c.dispatcher().watches().unwatchAll(c.client());
                            return Reply.OK;
                        }));
    }

    private static CommandSpec.Builder cmd(String name, int arity, String summary, String since, String complexity) {
        return CommandSpec.builder(name, arity, "transactions").acl(AclCategory.TRANSACTION)
                .doc(summary, since, complexity);
    }

    private static Reply multi(Call c) {
        if (c.client().inMulti()) {
            throw new RedisException("ERR MULTI calls can not be nested");
        }
        c.client().multi();
        return Reply.OK;
    }

    private static Reply discard(Call c) {
        if (!c.client().inMulti()) {
            throw new RedisException("ERR DISCARD without MULTI");
        }
        c.dispatcher().discard(c.client());
        return Reply.OK;
    }

    private static Reply watch(Call c) {
        ClientState client = c.client();
        if (client.inMulti()) {
            throw new RedisException("ERR WATCH inside MULTI is not allowed");
        }
        if (!client.isDirtyCas()) { // no point in watching more once EXEC is bound to fail
            for (int i = 1; i < c.argc(); i++) {
                c.dispatcher().watches().watch(client, c.arg(i), c.store());
            }
        }
        return Reply.OK;
    }

    /** Runs under the exclusive gate: no other connection's command lands between these. */
    private static Reply exec(Call c) {
        ClientState client = c.client();
        Dispatcher dispatcher = c.dispatcher();
        if (!client.inMulti()) {
            throw new RedisException("ERR EXEC without MULTI");
        }
        if (Watches.anyExpired(client, c.store())) {
            client.dirtyCas();
        }
        if (client.dirtyExec() || client.isDirtyCas()) {
            boolean aborted = client.dirtyExec();
            dispatcher.discard(client);
            if (aborted) {
                throw new RedisException(EXECABORT);
            }
            return Reply.NULL_ARRAY;
        }
        List<ClientState.Queued> queued = client.endMulti();
        dispatcher.watches().unwatchAll(client); // before running, so its own writes touch nothing
        List<Reply> replies = new ArrayList<>(queued.size());
        for (ClientState.Queued q : queued) {
            replies.add(dispatcher.execute(client, q.spec(), q.args(), c.server().nanoTime()));
        }
        return new Reply.Array(replies);
    }

    /**
     * @return the router's answer for all the keys of the queued commands at once: {@code null}
     *     when this node serves them all, else the redirect EXEC answers instead of running
     */
    static String redirect(KeyRouter router, List<ClientState.Queued> queued) {
        if (router == KeyRouter.LOCAL || queued == null) {
            return null;
        }
        List<byte[]> args = new ArrayList<>();
        args.add(ALL_KEYS.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (ClientState.Queued q : queued) {
            for (int i : q.spec().keyPositions(q.args().length)) {
                args.add(q.args()[i]);
            }
        }
        return args.size() == 1 ? null : router.redirect(args.toArray(byte[][]::new), ALL_KEYS);
    }

    /** @return whether a queued command may grow the data set, so EXEC is refused when out of memory */
    static boolean deniesOom(List<ClientState.Queued> queued) {
        if (queued != null) {
            for (ClientState.Queued q : queued) {
                if (q.spec().flags().contains(Flag.DENYOOM)) {
                    return true;
                }
            }
        }
        return false;
    }
}
