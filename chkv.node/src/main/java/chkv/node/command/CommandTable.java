package chkv.node.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The commands a server knows, by lower-case name; immutable, so shared by every connection. */
public final class CommandTable {
    private final Map<String, CommandSpec> byName;
    private final List<String> allNames;

    /** @param specs the top-level commands; names must be unique */
    public CommandTable(Collection<CommandSpec> specs) {
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : specs) {
            if (map.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("command: " + spec.name() + " twice (expected: unique names)");
            }
            names.add(spec.name());
            spec.subcommands().values().forEach(sub -> names.add(sub.name()));
        }
        this.byName = Collections.unmodifiableMap(map);
        this.allNames = List.copyOf(names);
    }

    /** @return the table of every command a standalone DataNode serves */
    public static CommandTable standard() {
        List<CommandSpec> specs = new ArrayList<>();
        specs.addAll(StringCommands.specs());
        specs.addAll(CounterCommands.specs());
        specs.addAll(ExpiryCommands.specs());
        specs.addAll(KeyspaceCommands.specs());
        specs.addAll(ConnectionCommands.specs());
        specs.addAll(ClientCommands.specs());
        specs.addAll(ServerCommands.specs());
        specs.add(CommandDocs.spec());
        return new CommandTable(specs);
    }

    /** @return the top-level command named {@code name} in any ASCII case, or {@code null} */
    public CommandSpec lookup(byte[] name) {
        return byName.get(new String(name, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
    }

    /** @return the command or subcommand of a full name such as {@code client|list}, or {@code null} */
    public CommandSpec lookupFull(String fullName) {
        String name = fullName.toLowerCase(Locale.ROOT);
        int bar = name.indexOf('|');
        if (bar < 0) {
            return byName.get(name);
        }
        CommandSpec container = byName.get(name.substring(0, bar));
        return container == null ? null : container.subcommands().get(name.substring(bar + 1));
    }

    /** @return the top-level commands in table order */
    public Collection<CommandSpec> commands() {
        return byName.values();
    }

    /** @return the full names of every command and subcommand, in table order */
    public List<String> allNames() {
        return allNames;
    }
}
