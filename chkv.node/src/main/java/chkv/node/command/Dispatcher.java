package chkv.node.command;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Store;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs RESP commands from the transport, checking them in Redis's order: the name (unknown
 * command or subcommand), the arity, authentication, the key's owner, then memory for
 * {@code denyoom} commands; inside MULTI a command that passes is queued, one that fails makes
 * EXEC abort. Every command passes a server-wide {@link Gate}, shared (EXEC, WATCH, the flushes
 * and the commands that write several keys exclusive), and reads the clock once. Counts calls,
 * time, rejections and failures per command, error replies per code, and logs slow commands.
 */
public final class Dispatcher implements Transport.CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Redis's limit on how much of a name or argument goes into an error text. */
    private static final int ERROR_ARG_LIMIT = 128;

    private final CommandTable table;
    private final ServerState server;
    private final Gate gate = new Gate();
    private final Watches watches = new Watches();
    /** The store's clock when the node gave it a {@link CommandClock}, else {@code null}. */
    private final CommandClock clock;
    private final CommandSpec exec;
    private final CommandSpec watch;
    /** FLUSHALL and FLUSHDB empty the store at once, as in Redis: no command may run meanwhile. */
    private final CommandSpec flushAll;
    private final CommandSpec flushDb;
    /**
     * RENAME, RENAMENX, COPY, BITOP and LCS touch several keys the store reads or changes one at
     * a time: no command may run between.
     */
    private final List<CommandSpec> twoKeyWrites;
    /** Commands that run rather than queue inside MULTI, as in Redis's processCommand. */
    private final List<CommandSpec> runInMulti;

    /**
     * @param table the commands
     * @param server what they run against
     */
    public Dispatcher(CommandTable table, ServerState server) {
        this.table = Objects.requireNonNull(table, "table");
        this.server = Objects.requireNonNull(server, "server");
        this.clock = server.clock() instanceof CommandClock c ? c : null;
        this.exec = table.lookupFull("exec");
        this.watch = table.lookupFull("watch");
        this.flushAll = table.lookupFull("flushall");
        this.flushDb = table.lookupFull("flushdb");
        this.twoKeyWrites = java.util.stream.Stream.of("rename", "renamenx", "copy", "bitop", "lcs").map(table::lookupFull)
                .filter(Objects::nonNull).toList();
        List<CommandSpec> now = new ArrayList<>();
        for (String name : List.of("exec", "discard", "multi", "watch", "quit", "reset")) {
            CommandSpec spec = table.lookupFull(name);
            if (spec != null) {
                now.add(spec);
            }
        }
        this.runInMulti = List.copyOf(now);
    }

    @Override
    public void connected(Transport.Session session) {
        server.stats().connected();
        if (!server.turnAwayInProtectedMode(session)) {
            server.client(session);
        }
    }

    @Override
    public void disconnected(Transport.Session session) {
        if (session.attachment() instanceof ClientState c) {
            watches.unwatchAll(c);
        }
        server.disconnected(session);
    }

    @Override
    public Reply handle(Transport.Session session, byte[][] args) {
        if (session.attachment() == ServerState.PROTECTED_MODE_DENIED) {
            session.closeAfterReply();
            return Reply.error(ServerState.PROTECTED_MODE_ERROR);
        }
        ClientState client = server.client(session);
        if (args.length == 0) {
            return refuse(client, unknownCommand(new byte[0][]));
        }
        CommandSpec spec = table.lookup(args[0]);
        if (spec == null) {
            return refuse(client, unknownCommand(args));
        }
        if (spec.isContainer() && args.length >= 2) {
            CommandSpec sub = spec.subcommands().get(latin1(args[1]).toLowerCase(Locale.ROOT));
            if (sub == null) {
                return refuse(client, "ERR unknown subcommand '" + clip(args[1], ERROR_ARG_LIMIT) + "'. Try "
                        + latin1(args[0]).toUpperCase(Locale.ROOT) + " HELP.");
            }
            spec = sub;
        }
        long[] frozen = clock == null ? null : clock.begin();
        boolean exclusive = spec == exec || spec == watch || spec == flushAll || spec == flushDb
                || (spec.firstKey() > 0 && isTwoKeyWrite(spec));
        int stripe = 0;
        if (exclusive) {
            gate.enterExclusive();
        } else {
            stripe = gate.enterShared();
        }
        try {
            return check(client, spec, args);
        } finally {
            if (exclusive) {
                gate.exitExclusive();
            } else {
                gate.exitShared(stripe);
            }
            CommandClock.end(frozen);
        }
    }

    private boolean isTwoKeyWrite(CommandSpec spec) {
        for (CommandSpec s : twoKeyWrites) {
            if (s == spec) {
                return true;
            }
        }
        return false;
    }

    private Reply check(ClientState client, CommandSpec spec, byte[][] args) {
        // One clock read serves the client's last-command time and the command's timing.
        long start = server.nanoTime();
        client.touched(start, spec.name());
        if (!spec.acceptsArgCount(args.length) || spec.handler() == null) {
            return reject(client, spec, "ERR wrong number of arguments for '" + spec.name() + "' command");
        }
        // CONFIG SET requirepass "" lets in a client that had not authenticated, as in Redis
        if (!client.authenticated() && !spec.flags().contains(Flag.NO_AUTH) && server.requiresAuth()) {
            return reject(client, spec, "NOAUTH Authentication required.");
        }
        if (spec.firstKey() > 0) {
            String redirect = server.router().redirect(args, spec);
            if (redirect != null) {
                return reject(client, spec, redirect);
            }
        }
        if (client.inMulti() && spec.flags().contains(Flag.NO_MULTI)) {
            return reject(client, spec, "ERR Command not allowed inside a transaction");
        }
        boolean queue = client.inMulti() && !runInMulti.contains(spec);
        if (spec == exec && client.inMulti()) {
            String redirect = TransactionCommands.redirect(server.router(), client.queued());
            if (redirect != null) {
                discard(client);
                server.stats().rejected(spec);
                return error(redirect);
            }
        }
        if (spec.flags().contains(Flag.DENYOOM) || (queue && server.maxMemory() > 0)
                || (spec == exec && TransactionCommands.deniesOom(client.queued()))) {
            try {
                server.store().reserveMemory();
            } catch (RedisException e) {
                return reject(client, spec, e.getMessage());
            }
            if (server.maxMemory() > 0) {
                start = server.nanoTime(); // as in Redis, time spent evicting is not the command's
            }
        }
        if (queue) {
            client.queue(spec, args);
            return Reply.QUEUED;
        }
        return execute(client, spec, args, start);
    }

    /** Runs a command that passed the checks; EXEC runs its queued commands through here. */
    Reply execute(ClientState client, CommandSpec spec, byte[][] args, long start) {
        Store store = server.store();
        TrackingStore tracking = watches.active() ? new TrackingStore(store, watches) : null;
        Call call = new Call(server, table, client, spec, args, tracking == null ? store : tracking, this);
        Reply reply;
        try {
            reply = spec.handler().execute(call);
        } catch (RedisException e) {
            reply = Reply.error(e.getMessage());
        } catch (RuntimeException e) {
            // a bug, not a client mistake: keep the connection usable and say so
            LOG.error("command {} failed", spec.name(), e);
            reply = Reply.error("ERR internal error: " + e.getClass().getSimpleName());
        }
        if (tracking != null) {
            tracking.signal(); // before the gate opens, so an EXEC waiting for it sees the change
        }
        if (spec.firstKey() > 0) {
            server.router().executed(args, spec);
        }
        long micros = (server.nanoTime() - start) / 1000;
        boolean failed = reply instanceof Reply.Error;
        server.stats().executed(spec, micros, failed);
        if (reply instanceof Reply.Error e) {
            server.stats().error(e.message());
        }
        SlowLog slowLog = server.slowLog();
        if (slowLog.isSlow(micros) && !spec.flags().contains(Flag.SKIP_SLOWLOG)) {
            slowLog.record(spec, args, micros, client, server.clock().instant().getEpochSecond());
        }
        return reply;
    }

    /**
     * Waits until every command running now has finished, and lets none start meanwhile: what a
     * router changed before the call (a range frozen for a hand-over) holds for every command
     * that starts after it.
     */
    public void quiesce() {
        gate.enterExclusive();
        gate.exitExclusive();
    }

    /** @return the watched keys of this server */
    Watches watches() {
        return watches;
    }

    /** Ends the client's transaction and forgets its watched keys (Redis's discardTransaction). */
    void discard(ClientState client) {
        client.endMulti();
        watches.unwatchAll(client);
    }

    /** A command refused before it runs: inside MULTI it makes EXEC abort, and EXEC itself aborts. */
    private Reply reject(ClientState client, CommandSpec spec, String message) {
        server.stats().rejected(spec);
        if (spec == exec) {
            discard(client);
            // Redis's arity text has no code of its own, so none shows after "because of:"
            String reason = message.startsWith("ERR wrong number") ? message.substring(4) : message;
            return error("EXECABORT Transaction discarded because of: " + reason);
        }
        client.flagTransaction();
        return error(message);
    }

    private Reply refuse(ClientState client, String message) {
        client.flagTransaction();
        return error(message);
    }

    private Reply error(String message) {
        server.stats().error(message);
        return Reply.error(message);
    }

    /** Redis 7.0's text, quoting the arguments until 128 characters of them are shown. */
    static String unknownCommand(byte[][] args) {
        StringBuilder shown = new StringBuilder();
        for (int i = 1; i < args.length && shown.length() < ERROR_ARG_LIMIT; i++) {
            int room = ERROR_ARG_LIMIT - shown.length();
            shown.append('\'').append(clip(args[i], room)).append("' ");
        }
        String name = args.length == 0 ? "" : clip(args[0], ERROR_ARG_LIMIT);
        return "ERR unknown command '" + name + "', with args beginning with: " + shown;
    }

    /**
     * At most {@code limit} bytes, with CR and LF turned into spaces as Redis does in errors; one
     * char per byte (Latin-1), which the encoder writes back as the same byte.
     */
    private static String clip(byte[] arg, int limit) {
        String s = new String(arg, 0, Math.min(arg.length, limit), StandardCharsets.ISO_8859_1);
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
