package chkv.node.command;

import java.util.Locale;

/**
 * Redis's ACL categories, declared in Redis's bit order so that an {@code EnumSet} lists them in
 * the order {@code COMMAND INFO} prints them.
 */
public enum AclCategory {
    /** Generic key commands. */
    KEYSPACE,
    /** Reads keys. */
    READ,
    /** Writes keys. */
    WRITE,
    /** String commands. */
    STRING,
    /** Bitmap commands. */
    BITMAP,
    /** Administrative commands. */
    ADMIN,
    /** O(1) or O(log N) commands. */
    FAST,
    /** Every command that is not fast. */
    SLOW,
    /** Commands that may be harmful. */
    DANGEROUS,
    /** Connection commands. */
    CONNECTION,
    /** MULTI, EXEC and WATCH. */
    TRANSACTION;

    /** @return the spelling with its {@code @}, e.g. {@code @keyspace} */
    public String redisName() {
        return "@" + name().toLowerCase(Locale.ROOT);
    }
}
