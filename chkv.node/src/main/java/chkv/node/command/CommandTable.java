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
    /** Open addressing over the ASCII names, so a lookup per request allocates nothing. */
    private final byte[][] slotNames;
    private final CommandSpec[] slotSpecs;

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
        int capacity = Integer.highestOneBit(Math.max(4, map.size() * 4) - 1) << 1;
        this.slotNames = new byte[capacity][];
        this.slotSpecs = new CommandSpec[capacity];
        for (CommandSpec spec : map.values()) {
            byte[] name = spec.name().getBytes(StandardCharsets.ISO_8859_1);
            int i = hashIgnoringCase(name) & (capacity - 1);
            while (slotNames[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            slotNames[i] = name;
            slotSpecs[i] = spec;
        }
    }

    /** @return the table of every command a standalone DataNode serves */
    public static CommandTable standard() {
        List<CommandSpec> specs = new ArrayList<>();
        specs.addAll(StringCommands.specs());
        specs.add(LcsCommand.spec());
        specs.addAll(BitCommands.specs());
        specs.addAll(BitfieldCommand.specs());
        specs.addAll(CounterCommands.specs());
        specs.addAll(ExpiryCommands.specs());
        specs.addAll(KeyspaceCommands.specs());
        specs.addAll(ObjectCommands.specs());
        specs.addAll(RenameCommands.specs());
        specs.addAll(ConnectionCommands.specs());
        specs.addAll(ClientCommands.specs());
        specs.addAll(ServerCommands.specs());
        specs.add(CommandDocs.spec());
        specs.addAll(TransactionCommands.specs());
        specs.add(SlowLogCommands.spec());
        return new CommandTable(specs);
    }

    /** @return the top-level command named {@code name} in any ASCII case, or {@code null} */
    public CommandSpec lookup(byte[] name) {
        int mask = slotNames.length - 1;
        for (int i = hashIgnoringCase(name) & mask; slotNames[i] != null; i = (i + 1) & mask) {
            if (equalsIgnoringCase(slotNames[i], name)) {
                return slotSpecs[i];
            }
        }
        return null;
    }

    /** Command names are ASCII: any other byte never matches, so ASCII folding is enough. */
    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static int hashIgnoringCase(byte[] name) {
        int h = name.length;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    /** @param lowerName a name of the table, already lower case */
    private static boolean equalsIgnoringCase(byte[] lowerName, byte[] name) {
        if (lowerName.length != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerName[i] != lower(name[i])) {
                return false;
            }
        }
        return true;
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
