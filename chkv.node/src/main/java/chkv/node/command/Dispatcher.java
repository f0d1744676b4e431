package chkv.node.command;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs RESP commands from the transport, checking them in Redis's order: the name (unknown
 * command or subcommand), the arity, authentication, then memory for {@code denyoom} commands.
 * Counts calls, time, rejections and failures per command, and error replies per code.
 */
public final class Dispatcher implements Transport.CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** Redis's limit on how much of a name or argument goes into an error text. */
    private static final int ERROR_ARG_LIMIT = 128;

    private final CommandTable table;
    private final ServerState server;

    /**
     * @param table the commands
     * @param server what they run against
     */
    public Dispatcher(CommandTable table, ServerState server) {
        this.table = Objects.requireNonNull(table, "table");
        this.server = Objects.requireNonNull(server, "server");
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
            return error(unknownCommand(new byte[0][]));
        }
        CommandSpec spec = table.lookup(args[0]);
        if (spec == null) {
            return error(unknownCommand(args));
        }
        if (spec.isContainer() && args.length >= 2) {
            CommandSpec sub = spec.subcommands().get(latin1(args[1]).toLowerCase(Locale.ROOT));
            if (sub == null) {
                return error("ERR unknown subcommand '" + clip(args[1], ERROR_ARG_LIMIT) + "'. Try "
                        + latin1(args[0]).toUpperCase(Locale.ROOT) + " HELP.");
            }
            spec = sub;
        }
        // One clock read serves the client's last-command time and the command's timing.
        long start = server.nanoTime();
        client.touched(start, spec.name());
        if (!spec.acceptsArgCount(args.length) || spec.handler() == null) {
            return reject(spec, "ERR wrong number of arguments for '" + spec.name() + "' command");
        }
        // CONFIG SET requirepass "" lets in a client that had not authenticated, as in Redis
        if (!client.authenticated() && !spec.flags().contains(Flag.NO_AUTH) && server.requiresAuth()) {
            return reject(spec, "NOAUTH Authentication required.");
        }
        if (spec.firstKey() > 0) {
            String redirect = server.router().redirect(args, spec);
            if (redirect != null) {
                return reject(spec, redirect);
            }
        }
        if (spec.flags().contains(Flag.DENYOOM)) {
            try {
                server.store().reserveMemory();
            } catch (RedisException e) {
                return reject(spec, e.getMessage());
            }
            if (server.maxMemory() > 0) {
                start = server.nanoTime(); // as in Redis, time spent evicting is not the command's
            }
        }
        return execute(spec, new Call(server, table, client, spec, args), start);
    }

    private Reply execute(CommandSpec spec, Call call, long start) {
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
        long micros = (server.nanoTime() - start) / 1000;
        boolean failed = reply instanceof Reply.Error;
        server.stats().executed(spec, micros, failed);
        if (reply instanceof Reply.Error e) {
            server.stats().error(e.message());
        }
        return reply;
    }

    private Reply reject(CommandSpec spec, String message) {
        server.stats().rejected(spec);
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

    /** At most {@code limit} bytes, with CR and LF turned into spaces as Redis does in errors. */
    private static String clip(byte[] arg, int limit) {
        String s = new String(arg, 0, Math.min(arg.length, limit), StandardCharsets.ISO_8859_1);
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
