package chkv.api;

import java.util.List;

/**
 * One page of {@code SCAN}: the cursor to continue with and the keys of this page. A page may be
 * empty while the scan goes on; the scan is complete when the cursor is {@code "0"}.
 *
 * @param cursor the cursor for the next call, {@code "0"} when the scan is complete; an opaque
 *     decimal string, which over a cluster may exceed 64 bits
 * @param keys the keys of this page
 */
public record ScanResult(String cursor, List<byte[]> keys) {

    /** The cursor that starts a scan, and that a complete scan returns. */
    public static final String START = "0";

    /** Copies the keys. */
    public ScanResult {
        java.util.Objects.requireNonNull(cursor, "cursor");
        keys = List.copyOf(keys);
    }

    /** @return whether the scan is complete */
    public boolean finished() {
        return cursor.equals(START);
    }
}
