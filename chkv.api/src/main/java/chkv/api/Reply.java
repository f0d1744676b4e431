package chkv.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A reply to a Redis command, independent of the protocol version: the transport encodes it
 * as RESP2 or RESP3 depending on what the connection negotiated with {@code HELLO}. A RESP3
 * type sent to a RESP2 connection degrades as Redis does (a map becomes a flat array, a
 * double a bulk string, a boolean an integer, null the RESP2 null of its kind).
 */
public sealed interface Reply {

    /** {@code +OK}. */
    Reply OK = new Simple("OK");
    /** {@code +PONG}. */
    Reply PONG = new Simple("PONG");
    /** {@code +QUEUED}. */
    Reply QUEUED = new Simple("QUEUED");
    /** {@code :0}. */
    Reply ZERO = new Int(0);
    /** {@code :1}. */
    Reply ONE = new Int(1);
    /** The null bulk string ({@code $-1} in RESP2, {@code _} in RESP3). */
    Reply NULL_BULK = new Null(false);
    /** The null array ({@code *-1} in RESP2, {@code _} in RESP3). */
    Reply NULL_ARRAY = new Null(true);
    /** {@code *0}. */
    Reply EMPTY_ARRAY = new Array(List.of());

    /** @return a bulk-string reply, or {@link #NULL_BULK} for {@code null} */
    static Reply bulk(byte[] value) {
        return value == null ? NULL_BULK : new Bulk(value);
    }

    /** @return a bulk-string reply of the UTF-8 bytes of {@code value} */
    static Reply bulk(String value) {
        return new Bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** @return an integer reply, sharing the common 0 and 1 */
    static Reply integer(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
    }

    /** @return an error reply; {@code message} is the text without the leading {@code -} */
    static Reply error(String message) {
        return new Error(message);
    }

    /** @return an array of bulk strings, {@code null} elements as null bulks */
    static Reply bulks(List<byte[]> values) {
        return new Array(values.stream().map(Reply::bulk).toList());
    }

    /** A simple string: {@code +text}. @param text no CR or LF */
    record Simple(String text) implements Reply {}

    /** An error: {@code -message}. @param message the text, starting with its code */
    record Error(String message) implements Reply {}

    /** An integer: {@code :value}. @param value the value */
    record Int(long value) implements Reply {}

    /** A bulk string: {@code $len value}. @param value the bytes, never null */
    record Bulk(byte[] value) implements Reply {}

    /** An array; RESP3 push and set types use {@link Aggregate} instead. @param items the elements */
    record Array(List<Reply> items) implements Reply {}

    /**
     * A RESP3 aggregate that RESP2 sees as a flat array.
     *
     * @param kind map (items alternate key and value), set or push
     * @param items the elements
     */
    record Aggregate(Kind kind, List<Reply> items) implements Reply {
        /** The RESP3 aggregate kinds. */
        public enum Kind { MAP, SET, PUSH }
    }

    /** A RESP3 double ({@code ,value}), a bulk string in RESP2. @param value the value */
    record Double(double value) implements Reply {}

    /** A RESP3 boolean ({@code #t}), an integer 1/0 in RESP2. @param value the value */
    record Bool(boolean value) implements Reply {}

    /** A RESP3 verbatim string ({@code =len txt:...}), a bulk in RESP2. @param text the text */
    record Verbatim(String text) implements Reply {}

    /** Null: RESP3 {@code _}; in RESP2 a null array or a null bulk. @param array which RESP2 null */
    record Null(boolean array) implements Reply {}

    /**
     * A reply that is not ready yet (for example one forwarded to another node). The transport
     * keeps pipelined replies in order: later replies wait until this one completes.
     *
     * @param future completes with the reply
     */
    record Deferred(CompletionStage<Reply> future) implements Reply {}
}
