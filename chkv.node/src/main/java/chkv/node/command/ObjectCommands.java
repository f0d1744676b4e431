package chkv.node.command;

import static chkv.node.command.AclCategory.KEYSPACE;
import static chkv.node.command.Flag.READONLY;

import chkv.api.RedisException;
import chkv.api.Reply;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.MemoryPolicy;
import chkv.api.spi.Store;
import java.util.ArrayList;
import java.util.List;

/** OBJECT ENCODING, FREQ, IDLETIME, REFCOUNT and HELP; MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP. */
final class ObjectCommands {
    private ObjectCommands() {}

    /** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT: longer strings are "raw". */
    private static final int EMBSTR_LIMIT = 44;
    /** Redis's OBJ_SHARED_INTEGERS: SET of 0 to 9999 shares one object, whose refcount is INT_MAX. */
    private static final long SHARED_INTEGERS = 10_000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;
    /** What MEMORY USAGE adds to the key's and value's bytes: about what a store spends per entry. */
    private static final long ENTRY_OVERHEAD = 48;
    /** Redis's MEMORY DOCTOR finds an instance using less than this too small to judge. */
    private static final long DOCTOR_MINIMUM = 5L << 20;
    private static final String NOT_LFU = "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";
    private static final String LFU = "ERR An LFU maxmemory policy is selected, idle time not tracked. "
            + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

    static List<CommandSpec> specs() {
        return List.of(CommandSpec.builder("object", -2, "generic")
                        .doc("A container for object introspection commands", "2.2.3", "Depends on subcommand.")
                        .sub(object("encoding", "Inspect the internal encoding of a Redis object", "2.2.3")
                                .handler(c -> lookup(c, e -> Reply.bulk(encoding(e)))))
                        .sub(object("freq", "Get the logarithmic access frequency counter of a Redis object", "4.0.0")
                                .handler(ObjectCommands::freq))
                        .sub(object("idletime", "Get the time since a Redis object was last accessed", "2.2.3")
                                .handler(ObjectCommands::idleTime))
                        .sub(object("refcount", "Get the number of references to the value of the key", "2.2.3")
                                .handler(ObjectCommands::refCount))
                        .sub(Help.spec("object", "generic", List.of(
                                "ENCODING <key>",
                                "    Return the kind of internal representation used in order to store the value",
                                "    associated with a <key>.",
                                "FREQ <key>",
                                "    Return the access frequency index of the <key>. The returned integer is",
                                "    proportional to the logarithm of the recent access frequency of the key.",
                                "IDLETIME <key>",
                                "    Return the idle time of the <key>, that is the approximated number of",
                                "    seconds elapsed since the last access to the key.",
                                "REFCOUNT <key>",
                                "    Return the number of references of the value associated with the specified",
                                "    <key>."), KEYSPACE))
                        .container(),
                CommandSpec.builder("memory", -2, "server")
                        .doc("A container for memory diagnostics commands", "4.0.0", "Depends on subcommand.")
                        .sub(CommandSpec.builder("memory|usage", -3, "server").flags(READONLY).keys(2, 2, 1, "RO")
                                .doc("Estimate the memory usage of a key", "4.0.0", "O(N) where N is the number of samples.")
                                .handler(ObjectCommands::usage))
                        .sub(CommandSpec.builder("memory|stats", 2, "server")
                                .doc("Show memory usage details", "4.0.0", "O(1)")
                                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                                .handler(ObjectCommands::stats))
                        .sub(CommandSpec.builder("memory|doctor", 2, "server")
                                .doc("Outputs memory problems report", "4.0.0", "O(1)")
                                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                                .handler(ObjectCommands::doctor))
                        .sub(CommandSpec.builder("memory|malloc-stats", 2, "server")
                                .doc("Show allocator internal stats", "4.0.0",
                                        "Depends on how much memory is allocated, could be slow")
                                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                                .handler(c -> Reply.bulk("Stats not supported for the current allocator")))
                        .sub(CommandSpec.builder("memory|purge", 2, "server")
                                .doc("Ask the allocator to release memory", "4.0.0",
                                        "Depends on how much memory is allocated, could be slow")
                                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                                .handler(c -> Reply.OK)) // the stores give memory back themselves
                        .sub(Help.spec("memory", "server", List.of(
                                "DOCTOR",
                                "    Return memory problems reports.",
                                "MALLOC-STATS",
                                "    Return internal statistics report from the memory allocator.",
                                "PURGE",
                                "    Attempt to purge dirty pages for reclamation by the allocator.",
                                "STATS",
                                "    Return information about the memory usage of the server.",
                                "USAGE <key> [SAMPLES <count>]",
                                "    Return memory in bytes used by <key> and its value. Nested values are",
                                "    sampled up to <count> times (default: 5, 0 means sample all).")))
                        .container());
    }

    private static CommandSpec.Builder object(String name, String summary, String since) {
        return CommandSpec.builder("object|" + name, 3, "generic").flags(READONLY).acl(KEYSPACE).keys(2, 2, 1, "RO")
                .tips("nondeterministic_output").doc(summary, since, "O(1)");
    }

    /** @return the reply made from the live key's entry, or a null bulk when the key is absent */
    private static Reply lookup(Call c, Store.Reader<Reply> reply) {
        Reply r = c.store().read(c.arg(2), e -> e == null ? null : reply.apply(e));
        return r == null ? Reply.NULL_BULK : r;
    }

    /** Redis 7.0's choice for a string: "int" when it reads back as the same long, else by length. */
    static String encoding(Store.Entry e) {
        int length = e.valueLength();
        if (length <= 20 && asLong(e.value()) != null) {
            return "int";
        }
        return length <= EMBSTR_LIMIT ? "embstr" : "raw";
    }

    /** @return the value as Redis's string2l reads it (no sign but '-', no leading zero, no spaces), or null */
    static Long asLong(byte[] v) {
        int n = v.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && v[0] == '0') {
            return 0L;
        }
        boolean negative = v[0] == '-';
        int i = negative ? 1 : 0;
        if (i == n || v[i] < '1' || v[i] > '9') {
            return null;
        }
        long value = 0; // accumulated negatively, so that Long.MIN_VALUE fits
        for (; i < n; i++) {
            int d = v[i] - '0';
            if (d < 0 || d > 9 || value < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            value = value * 10 - d;
        }
        if (!negative && value == Long.MIN_VALUE) {
            return null;
        }
        return negative ? value : -value;
    }

    private static Reply refCount(Call c) {
        MemoryPolicy memory = c.store().memoryPolicy();
        boolean sharing = memory.maxMemory() == 0 || !ranksByUse(memory.policy());
        return lookup(c, e -> {
            Long n = e.valueLength() <= 20 ? asLong(e.value()) : null;
            return Reply.integer(sharing && n != null && n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1);
        });
    }

    private static boolean ranksByUse(EvictionPolicy p) {
        return lfu(p) || p == EvictionPolicy.ALLKEYS_LRU || p == EvictionPolicy.VOLATILE_LRU;
    }

    private static boolean lfu(EvictionPolicy p) {
        return p == EvictionPolicy.ALLKEYS_LFU || p == EvictionPolicy.VOLATILE_LFU;
    }

    private static Reply freq(Call c) {
        int frequency = c.store().frequency(c.arg(2));
        if (frequency < 0) {
            return Reply.NULL_BULK;
        }
        if (!lfu(c.store().memoryPolicy().policy())) {
            throw new RedisException(NOT_LFU);
        }
        return Reply.integer(frequency);
    }

    private static Reply idleTime(Call c) {
        long idle = c.store().idleMillis(c.arg(2));
        if (idle < 0) {
            return Reply.NULL_BULK;
        }
        if (lfu(c.store().memoryPolicy().policy())) {
            throw new RedisException(LFU);
        }
        return Reply.integer(idle / 1000);
    }

    /** The key's and value's bytes and a store's usual overhead per entry; SAMPLES is parsed as Redis does, and moot for strings. */
    private static Reply usage(Call c) {
        for (int i = 3; i < c.argc(); i += 2) {
            if (!c.is(i, "samples") || i + 1 >= c.argc()) {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
            if (c.integer(i + 1) < 0) {
                throw new RedisException(Call.SYNTAX_ERROR);
            }
        }
        long keyBytes = c.arg(2).length;
        return lookup(c, e -> Reply.integer(keyBytes + e.valueLength() + ENTRY_OVERHEAD));
    }

    /** Redis's MEMORY STATS fields, with this node's figures: the store's accounting and the process's resident set. */
    private static Reply stats(Call c) {
        Store store = c.store();
        long used = store.memoryUsed();
        long keys = store.size();
        long peak = c.server().stats().peakMemory(used);
        long rss = InfoMemory.residentBytes();
        List<Reply> m = new ArrayList<>();
        entry(m, "peak.allocated", Reply.integer(peak));
        entry(m, "total.allocated", Reply.integer(used));
        for (String zero : List.of("startup.allocated", "replication.backlog", "clients.slaves", "clients.normal",
                "cluster.links", "aof.buffer", "lua.caches", "functions.caches")) {
            entry(m, zero, Reply.integer(0));
        }
        if (keys > 0) { // Redis lists the databases that hold keys
            entry(m, "db.0", new Reply.Aggregate(Reply.Aggregate.Kind.MAP, List.of(
                    Reply.bulk("overhead.hashtable.main"), Reply.integer(0),
                    Reply.bulk("overhead.hashtable.expires"), Reply.integer(0),
                    Reply.bulk("overhead.hashtable.slot-to-keys"), Reply.integer(0))));
        }
        long net = Math.max(1, used);
        entry(m, "overhead.total", Reply.integer(0)); // the store counts its index with the data
        entry(m, "keys.count", Reply.integer(keys));
        entry(m, "keys.bytes-per-key", Reply.integer(keys == 0 ? 0 : used / keys));
        entry(m, "dataset.bytes", Reply.integer(used));
        entry(m, "dataset.percentage", new Reply.Double(100.0 * used / net));
        entry(m, "peak.percentage", new Reply.Double(peak == 0 ? 0 : 100.0 * used / peak));
        entry(m, "allocator.allocated", Reply.integer(used));
        entry(m, "allocator.active", Reply.integer(used));
        entry(m, "allocator.resident", Reply.integer(rss));
        entry(m, "allocator-fragmentation.ratio", new Reply.Double(1.0));
        entry(m, "allocator-fragmentation.bytes", Reply.integer(0));
        entry(m, "allocator-rss.ratio", new Reply.Double((double) rss / net));
        entry(m, "allocator-rss.bytes", Reply.integer(rss - used));
        entry(m, "rss-overhead.ratio", new Reply.Double(1.0));
        entry(m, "rss-overhead.bytes", Reply.integer(0));
        entry(m, "fragmentation", new Reply.Double((double) rss / net));
        entry(m, "fragmentation.bytes", Reply.integer(rss - used));
        return new Reply.Aggregate(Reply.Aggregate.Kind.MAP, m);
    }

    private static void entry(List<Reply> map, String key, Reply value) {
        map.add(Reply.bulk(key));
        map.add(value);
    }

    /** Redis's reports for an instance too small to judge and for one without issues; this node looks for none. */
    private static Reply doctor(Call c) {
        long used = c.store().memoryUsed();
        return new Reply.Verbatim(used < DOCTOR_MINIMUM
                ? "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
                        + "these conditions. Please, leave for your mission on Earth and fill it with some data. The new "
                        + "Sam and I will be back to our programming as soon as I finished rebooting.\n"
                : "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this "
                        + "base.\n");
    }
}
