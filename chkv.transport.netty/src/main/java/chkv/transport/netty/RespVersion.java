package chkv.transport.netty;

/**
 * Written before the first reply of a new protocol version, so the encoder switches exactly
 * between the replies produced before and after {@code HELLO}, even when replies wait in a queue.
 */
enum RespVersion {
    /** RESP2, the default. */
    RESP2,
    /** RESP3, after {@code HELLO 3}. */
    RESP3;

    /** @return the marker for {@code version} (2 or 3) */
    static RespVersion of(int version) {
        return version == 3 ? RESP3 : RESP2;
    }
}
