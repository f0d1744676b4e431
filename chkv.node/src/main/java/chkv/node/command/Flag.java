package chkv.node.command;

import java.util.Locale;

/** Redis's command flags, as {@code COMMAND INFO} reports them and the dispatcher applies them. */
public enum Flag {
    /** Changes the data set. */
    WRITE,
    /** Only reads the data set. */
    READONLY,
    /** Refused when over {@code maxmemory} and nothing can be evicted. */
    DENYOOM,
    /** An administrative command. */
    ADMIN,
    /** Not allowed in scripts. */
    NOSCRIPT,
    /** Allowed while loading. */
    LOADING,
    /** Allowed on a stale replica. */
    STALE,
    /** Never in the slow log (EXEC: its commands are logged one by one). */
    SKIP_SLOWLOG,
    /** Constant or logarithmic time. */
    FAST,
    /** Allowed before authentication. */
    NO_AUTH,
    /** Allowed while a script is busy. */
    /** Refused inside MULTI: {@code Command not allowed inside a transaction}. */
    NO_MULTI,
    ALLOW_BUSY;

    /** @return the spelling {@code COMMAND INFO} uses, e.g. {@code no_auth} */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
