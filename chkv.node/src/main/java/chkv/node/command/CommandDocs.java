package chkv.node.command;

import static chkv.node.command.AclCategory.CONNECTION;
import static chkv.node.command.Flag.LOADING;
import static chkv.node.command.Flag.STALE;

import chkv.api.RedisException;
import chkv.api.Reply;
import java.util.ArrayList;
import java.util.List;

/** COMMAND and its subcommands: the command table described to clients and proxies. */
final class CommandDocs {
    private CommandDocs() {}

    static CommandSpec spec() {
        return CommandSpec.builder("command", -1, "server").flags(LOADING, STALE).acl(CONNECTION)
                .doc("Get array of Redis command details", "2.8.13", "O(N) where N is the total number of Redis commands")
                .tips("nondeterministic_output_order")
                .sub(sub("count", 2, "Get total number of Redis commands")
                        .handler(c -> Reply.integer(c.table().commands().size())))
                .sub(sub("info", -2, "Get array of specific Redis command details, or all when no argument is given")
                        .tips("nondeterministic_output_order").handler(CommandDocs::info))
                .sub(sub("docs", -2, "Get array of specific Redis command documentation")
                        .tips("nondeterministic_output_order").handler(CommandDocs::docs))
                .sub(sub("list", -2, "Get an array of Redis command names")
                        .tips("nondeterministic_output_order").handler(CommandDocs::list))
                .sub(sub("getkeys", -4, "Extract keys given a full Redis command").handler(CommandDocs::getKeys))
                .sub(Help.spec("command", "server", List.of(
                        "(no subcommand)",
                        "    Return details about all Redis commands.",
                        "COUNT",
                        "    Return the total number of commands in this Redis server.",
                        "LIST",
                        "    Return a list of all commands in this Redis server.",
                        "INFO [<command-name> ...]",
                        "    Return details about multiple Redis commands.",
                        "    If no command names are given, documentation details for all",
                        "    commands are returned.",
                        "DOCS [<command-name> ...]",
                        "    Return documentation details about multiple Redis commands.",
                        "    If no command names are given, documentation details for all",
                        "    commands are returned.",
                        "GETKEYS <full-command>",
                        "    Return the keys from a full Redis command."), CONNECTION))
                .container(c -> all(c));
    }

    private static CommandSpec.Builder sub(String name, int arity, String summary) {
        return CommandSpec.builder("command|" + name, arity, "server").flags(LOADING, STALE).acl(CONNECTION)
                .doc(summary, "7.0.0", "O(N) where N is the number of commands to look up");
    }

    private static Reply all(Call c) {
        List<Reply> items = new ArrayList<>();
        c.table().commands().forEach(spec -> items.add(describe(spec)));
        return new Reply.Array(items);
    }

    private static Reply info(Call c) {
        if (c.argc() == 2) {
            return all(c);
        }
        List<Reply> items = new ArrayList<>();
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec spec = c.table().lookupFull(c.text(i));
            items.add(spec == null ? Reply.NULL_BULK : describe(spec));
        }
        return new Reply.Array(items);
    }

    /** One key specification, as Redis 7.0's COMMAND INFO lists it. */
    private static Reply describe(CommandSpec.KeySpec k) {
        List<Reply> notes = k.notes() == null ? List.of() : List.of(Reply.bulk("notes"), Reply.bulk(k.notes()));
        return map(notes,
                Reply.bulk("flags"), set(k.flags().stream().map(f -> (Reply) new Reply.Simple(f)).toList()),
                Reply.bulk("begin_search"), map(Reply.bulk("type"), Reply.bulk("index"),
                        Reply.bulk("spec"), map(Reply.bulk("index"), Reply.integer(k.index()))),
                Reply.bulk("find_keys"), map(Reply.bulk("type"), Reply.bulk("range"),
                        Reply.bulk("spec"), map(
                                Reply.bulk("lastkey"), Reply.integer(k.lastKey()),
                                Reply.bulk("keystep"), Reply.integer(k.step()),
                                Reply.bulk("limit"), Reply.ZERO)));
    }

    /** The ten fields of Redis 7.0's COMMAND INFO entry. */
    static Reply describe(CommandSpec spec) {
        List<Reply> keySpecs = spec.keySpecs().stream().map(CommandDocs::describe).toList();
        return new Reply.Array(List.of(
                Reply.bulk(spec.name()),
                Reply.integer(spec.arity()),
                set(spec.flags().stream().map(f -> (Reply) new Reply.Simple(f.redisName())).toList()),
                Reply.integer(spec.firstKey()),
                Reply.integer(spec.lastKey()),
                Reply.integer(spec.step()),
                set(spec.categories().stream().map(a -> (Reply) new Reply.Simple(a.redisName())).toList()),
                set(spec.tips().stream().map(Reply::bulk).toList()),
                set(keySpecs),
                // Redis 7.0 sends an empty set when there are no subcommands, but an array of them
                spec.isContainer()
                        ? new Reply.Array(spec.subcommands().values().stream().map(CommandDocs::describe).toList())
                        : set(List.of())));
    }

    private static Reply docs(Call c) {
        List<Reply> items = new ArrayList<>();
        if (c.argc() == 2) {
            c.table().commands().forEach(spec -> addDoc(items, spec));
        }
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec spec = c.table().lookupFull(c.text(i));
            if (spec != null) {
                addDoc(items, spec);
            }
        }
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, items);
    }

    private static void addDoc(List<Reply> items, CommandSpec spec) {
        CommandSpec.Doc d = spec.doc();
        List<Reply> fields = new ArrayList<>(List.of(
                Reply.bulk("summary"), Reply.bulk(d.summary()), Reply.bulk("since"), Reply.bulk(d.since()),
                Reply.bulk("group"), Reply.bulk(d.group()), Reply.bulk("complexity"), Reply.bulk(d.complexity())));
        if (spec.isContainer()) {
            List<Reply> subs = new ArrayList<>();
            spec.subcommands().values().forEach(sub -> addDoc(subs, sub));
            fields.add(Reply.bulk("subcommands"));
            fields.add(new Reply.Aggregate(Reply.Aggregate.Kind.MAP, subs));
        }
        items.add(Reply.bulk(spec.name()));
        items.add(new Reply.Aggregate(Reply.Aggregate.Kind.MAP, fields));
    }

    private static Reply list(Call c) {
        if (c.argc() != 2) {
            throw new RedisException(Call.SYNTAX_ERROR); // FILTERBY is not supported
        }
        return new Reply.Array(c.table().allNames().stream().map(Reply::bulk).toList());
    }

    private static Reply getKeys(Call c) {
        CommandSpec spec = c.table().lookup(c.arg(2));
        if (spec != null && spec.isContainer() && c.argc() > 3) {
            spec = spec.subcommands().get(c.text(3).toLowerCase(java.util.Locale.ROOT));
        }
        if (spec == null) {
            throw new RedisException("ERR Invalid command specified");
        }
        int argc = c.argc() - 2;
        if (!spec.acceptsArgCount(argc)) {
            throw new RedisException("ERR Invalid number of arguments specified for command");
        }
        if (spec.firstKey() == 0) {
            throw new RedisException("ERR The command has no key arguments");
        }
        List<Reply> keys = new ArrayList<>();
        for (int i : spec.keyPositions(argc)) {
            keys.add(Reply.bulk(c.arg(i + 2)));
        }
        return new Reply.Array(keys);
    }

    private static Reply map(Reply... items) {
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(items));
    }

    private static Reply map(List<Reply> first, Reply... rest) {
        List<Reply> items = new ArrayList<>(first);
        items.addAll(List.of(rest));
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, items);
    }

    private static Reply set(List<Reply> items) {
        return new Reply.Aggregate(Reply.Aggregate.Kind.SET, items);
    }
}
