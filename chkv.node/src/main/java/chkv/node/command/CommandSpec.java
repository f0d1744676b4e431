package chkv.node.command;

import chkv.api.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One command of the table: what Redis's command table says about it (so a proxy can route and
 * {@code COMMAND} can describe it) and how it runs against a store.
 *
 * @param name the full lower-case name, {@code container|sub} for a subcommand
 * @param arity Redis's convention: {@code n} exactly n arguments including the name, {@code -n}
 *     at least n
 * @param flags the command flags
 * @param firstKey the index of the first key argument, 0 when the command takes none
 * @param lastKey the index of the last key, negative counting from the end
 * @param step the distance between keys
 * @param keySpecs Redis 7's key specifications, empty without keys
 * @param categories the ACL categories, explicit ones and those the flags imply
 * @param tips Redis's command tips, such as {@code request_policy:multi_shard}
 * @param doc what {@code COMMAND DOCS} reports
 * @param handler runs the command; for a container, what runs when it is called without a
 *     subcommand, or {@code null} when that is an arity error
 * @param subcommands the subcommands by lower-case name, empty for a plain command
 */
public record CommandSpec(
        String name, int arity, Set<Flag> flags, int firstKey, int lastKey, int step,
        List<KeySpec> keySpecs, Set<AclCategory> categories, List<String> tips, Doc doc,
        Handler handler, Map<String, CommandSpec> subcommands) {

    /** Copies the collections. */
    public CommandSpec {
        Objects.requireNonNull(name, "name");
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags));
        categories = Collections.unmodifiableSet(
                categories.isEmpty() ? EnumSet.noneOf(AclCategory.class) : EnumSet.copyOf(categories));
        keySpecs = List.copyOf(keySpecs);
        tips = List.copyOf(tips);
        subcommands = Collections.unmodifiableMap(new LinkedHashMap<>(subcommands));
        if (handler == null && subcommands.isEmpty()) {
            throw new IllegalArgumentException("command " + name
                    + ": no handler and no subcommands (expected: at least one of them)");
        }
    }

    /** @return whether this is a container such as {@code CLIENT} */
    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    /**
     * The positions of the key arguments in a call, from the legacy first/last/step triple, so a
     * proxy can route a command without knowing it.
     *
     * @param argc the number of arguments, the command name included
     * @return the indexes of the keys, empty for a command without keys
     */
    public int[] keyPositions(int argc) {
        if (firstKey == 0) {
            return new int[0];
        }
        int last = lastKey < 0 ? argc + lastKey : lastKey;
        return java.util.stream.IntStream.iterate(firstKey, i -> i <= last && i < argc, i -> i + step).toArray();
    }

    /** @return whether {@code argc} arguments (the name included) satisfy the arity */
    public boolean acceptsArgCount(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /**
     * One of Redis 7's key specifications: keys from the argument at {@code index} to
     * {@code lastKey} after it (negative: counted from the end of the arguments).
     *
     * @param index where the keys begin
     * @param lastKey the last key, relative to {@code index}, or negative from the end
     * @param step the distance between keys
     * @param flags the access flags, such as {@code RW access update}
     * @param notes Redis's note on the specification, or {@code null}
     */
    public record KeySpec(int index, int lastKey, int step, List<String> flags, String notes) {
        /** Copies the flags. */
        public KeySpec {
            flags = List.copyOf(flags);
        }
    }

    /** Runs a command. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param call the arguments and the state they run against
         * @return the reply
         * @throws chkv.api.RedisException for an error reply
         */
        Reply execute(Call call);
    }

    /**
     * What {@code COMMAND DOCS} says of a command.
     *
     * @param summary one line
     * @param since the Redis version that introduced it
     * @param group {@code string}, {@code generic}, {@code connection} or {@code server}
     * @param complexity the time complexity
     */
    public record Doc(String summary, String since, String group, String complexity) {}

    /** @return a builder for a command of {@code group} */
    static Builder builder(String name, int arity, String group) {
        return new Builder(name, arity, group);
    }

    /** Builds a {@link CommandSpec}, adding the ACL categories Redis derives from the flags. */
    static final class Builder {
        private final String name;
        private final int arity;
        private final String group;
        private final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
        private final EnumSet<AclCategory> categories = EnumSet.noneOf(AclCategory.class);
        private final List<String> tips = new ArrayList<>();
        private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
        private int firstKey;
        private int lastKey;
        private int step;
        private final List<KeySpec> keySpecs = new ArrayList<>();
        private String summary = "";
        private String since = "1.0.0";
        private String complexity = "O(1)";

        private Builder(String name, int arity, String group) {
            this.name = name;
            this.arity = arity;
            this.group = group;
        }

        Builder flags(Flag... f) {
            flags.addAll(List.of(f));
            return this;
        }

        Builder acl(AclCategory... c) {
            categories.addAll(List.of(c));
            return this;
        }

        /**
         * Keys at {@code first..last} every {@code step}, one key specification for them all;
         * {@code specFlags} as {@code "RW access"}.
         */
        Builder keys(int first, int last, int keyStep, String specFlags) {
            firstKey = first;
            lastKey = last;
            step = keyStep;
            keySpecs.add(new KeySpec(first, last < 0 ? last : last - first, keyStep, List.of(specFlags.split(" ")),
                    null));
            return this;
        }

        /**
         * Keys at {@code first..last} every {@code step}, described by several key
         * specifications, as Redis describes a command whose keys are used differently.
         *
         * @param specs the specifications, in Redis's order
         */
        Builder keys(int first, int last, int keyStep, KeySpec... specs) {
            firstKey = first;
            lastKey = last;
            step = keyStep;
            keySpecs.addAll(List.of(specs));
            return this;
        }

        /** A note on the last key specification, as Redis gives some. */
        Builder keyNotes(String notes) {
            KeySpec last = keySpecs.removeLast();
            keySpecs.add(new KeySpec(last.index(), last.lastKey(), last.step(), last.flags(), notes));
            return this;
        }

        Builder tips(String... t) {
            tips.addAll(List.of(t));
            return this;
        }

        Builder doc(String docSummary, String docSince, String docComplexity) {
            summary = docSummary;
            since = docSince;
            complexity = docComplexity;
            return this;
        }

        Builder since(String version) {
            since = version;
            return this;
        }

        Builder complexity(String docComplexity) {
            complexity = docComplexity;
            return this;
        }

        Builder sub(CommandSpec subcommand) {
            subcommands.put(subcommand.name().substring(subcommand.name().indexOf('|') + 1), subcommand);
            return this;
        }

        CommandSpec handler(Handler handler) {
            return build(handler);
        }

        CommandSpec container() {
            return build(null);
        }

        /** A container that also runs when called without a subcommand, as {@code COMMAND}. */
        CommandSpec container(Handler bare) {
            return build(bare);
        }

        private CommandSpec build(Handler handler) {
            // Redis's setImplicitACLCategories
            EnumSet<AclCategory> all = EnumSet.copyOf(categories.isEmpty()
                    ? EnumSet.noneOf(AclCategory.class) : categories);
            if (flags.contains(Flag.WRITE)) {
                all.add(AclCategory.WRITE);
            }
            if (flags.contains(Flag.READONLY)) {
                all.add(AclCategory.READ);
            }
            if (flags.contains(Flag.ADMIN)) {
                all.add(AclCategory.ADMIN);
                all.add(AclCategory.DANGEROUS);
            }
            all.add(flags.contains(Flag.FAST) ? AclCategory.FAST : AclCategory.SLOW);
            return new CommandSpec(name, arity, flags, firstKey, lastKey, step, keySpecs, all, tips,
                    new Doc(summary, since, group, complexity), handler, subcommands);
        }
    }
}
