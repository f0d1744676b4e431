package chkv.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The options of Redis's {@code SET} as a client sends them: a condition ({@code NX} or
 * {@code XX}) and an expiry, relative ({@code EX}, {@code PX}) or absolute ({@code EXAT},
 * {@code PXAT}) in the server's clock, or {@code KEEPTTL}. Immutable: each method returns a copy.
 * The {@code GET} option is {@link KvClient#setGet}.
 *
 * <pre>{@code client.set(key, value, SetArgs.none().nx().ex(60));}</pre>
 */
public final class SetArgs {

    private static final SetArgs NONE = new SetArgs(null, null, 0);

    /** {@code NX}, {@code XX} or {@code null} for none. */
    private final String condition;
    /** {@code EX}, {@code PX}, {@code EXAT}, {@code PXAT}, {@code KEEPTTL} or {@code null} for none. */
    private final String expiry;
    private final long time;

    private SetArgs(String condition, String expiry, long time) {
        this.condition = condition;
        this.expiry = expiry;
        this.time = time;
    }

    /** @return no condition and no expiry: a plain {@code SET} */
    public static SetArgs none() {
        return NONE;
    }

    /** @return a copy that writes only when the key does not exist ({@code NX}) */
    public SetArgs nx() {
        return new SetArgs("NX", expiry, time);
    }

    /** @return a copy that writes only when the key exists ({@code XX}) */
    public SetArgs xx() {
        return new SetArgs("XX", expiry, time);
    }

    /** @param seconds time to live, positive @return a copy expiring after it ({@code EX}) */
    public SetArgs ex(long seconds) {
        return expiring("EX", seconds);
    }

    /** @param millis time to live, positive @return a copy expiring after it ({@code PX}) */
    public SetArgs px(long millis) {
        return expiring("PX", millis);
    }

    /** @param unixSeconds when to expire, positive @return a copy expiring then ({@code EXAT}) */
    public SetArgs exat(long unixSeconds) {
        return expiring("EXAT", unixSeconds);
    }

    /** @param unixMillis when to expire, positive @return a copy expiring then ({@code PXAT}) */
    public SetArgs pxat(long unixMillis) {
        return expiring("PXAT", unixMillis);
    }

    /** @return a copy that keeps an existing key's time to live ({@code KEEPTTL}) */
    public SetArgs keepttl() {
        return new SetArgs(condition, "KEEPTTL", 0);
    }

    private SetArgs expiring(String option, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("SET " + option + ": " + value + " (expected: positive)");
        }
        return new SetArgs(condition, option, value);
    }

    /** @return the options as {@code SET} takes them after the key and value */
    List<byte[]> arguments() {
        List<byte[]> out = new ArrayList<>(3);
        if (condition != null) {
            out.add(Replies.ascii(condition));
        }
        if (expiry != null) {
            out.add(Replies.ascii(expiry));
            if (!expiry.equals("KEEPTTL")) {
                out.add(Replies.ascii(Long.toString(time)));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetArgs a && Objects.equals(a.condition, condition) && Objects.equals(a.expiry, expiry)
                && a.time == time;
    }

    @Override
    public int hashCode() {
        return Objects.hash(condition, expiry, time);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SetArgs[");
        arguments().forEach(a -> s.append(' ').append(new String(a, java.nio.charset.StandardCharsets.US_ASCII)));
        return s.append(" ]").toString();
    }
}
