package chkv.node.namenode;

import chkv.cluster.Topology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link ChangeLog} back at start: every whole record whose CRC matches, in order; a torn
 * tail is reported for cutting off, damage with valid data after it fails the read.
 */
final class ChangeLogReader {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);
    private static final int RECORD_HEADER = ChangeLog.RECORD_HEADER;
    private static final byte[] HEADER = ChangeLog.HEADER;
    private static final int MIN_BODY = ChangeLog.MIN_BODY;
    private static final int MAX_BODY = ChangeLog.MAX_BODY;

    private ChangeLogReader() {}

    /**
     * Reads the whole, valid records.
     *
     * @return them, and the offset after the last one, where appends continue
     * @throws IOException when the header is wrong or a bad record has data after it
     */
    static ChangeLog.Recovered read(Path file, byte[] bytes) throws IOException {
        List<Membership.Entry> entries = new ArrayList<>();
        Topology snapshot = null;
        if (bytes.length < HEADER.length || !Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
            throw new IOException("namenode log " + file + ": no CHKVNNL header of format 1 "
                    + "(expected: a file this NameNode version wrote)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int at = HEADER.length;
        long lastEpoch = 0;
        while (at < bytes.length) {
            String problem = problem(in, at);
            if (problem != null) {
                if (tornTail(in, at)) {
                    LOG.warn("namenode log {}: cut off {} bytes at offset {}, a record torn by a crash ({}); "
                            + "kept {} records up to epoch {}", file, bytes.length - at, at, problem,
                            entries.size(), lastEpoch);
                    return new ChangeLog.Recovered(snapshot, List.copyOf(entries), at);
                }
                throw new IOException("namenode log " + file + ": record at offset " + at + " is corrupt ("
                        + problem + ") and " + (bytes.length - at) + " bytes follow it (expected: damage only "
                        + "at the tail; restore the file or move it aside to start empty, which reuses epochs)");
            }
            int length = in.getInt(at);
            long epoch = in.getLong(at + RECORD_HEADER);
            byte[] payload = Arrays.copyOfRange(bytes, at + RECORD_HEADER + Long.BYTES, at + RECORD_HEADER + length);
            if (epoch <= lastEpoch) {
                throw new IOException("namenode log " + file + ": record at offset " + at + " has epoch " + epoch
                        + " after epoch " + lastEpoch + " (expected: increasing epochs)");
            }
            try {
                if (ChangeCodec.isSnapshot(payload) && at == HEADER.length) {
                    snapshot = ChangeCodec.decodeSnapshot(epoch, payload);
                } else {
                    entries.add(new Membership.Entry(epoch, ChangeCodec.decode(payload)));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException("namenode log " + file + ": record at offset " + at + " passes its CRC "
                        + "but holds no known change or a snapshot after the first record (" + e.getMessage() + "; expected: a log this version wrote)", e);
            }
            lastEpoch = epoch;
            at += RECORD_HEADER + length;
        }
        return new ChangeLog.Recovered(snapshot, List.copyOf(entries), at);
    }

    /** @return what is wrong with the record at {@code at}, or {@code null} when it is whole and valid */
    private static String problem(ByteBuffer in, int at) {
        int available = in.limit() - at;
        if (available < RECORD_HEADER) {
            return "only " + available + " bytes of its 8-byte header";
        }
        int length = in.getInt(at);
        if (length < MIN_BODY || length > MAX_BODY) {
            return "length " + length;
        }
        if (length > available - RECORD_HEADER) {
            return "length " + length + " but " + (available - RECORD_HEADER) + " bytes left";
        }
        CRC32 crc = new CRC32();
        crc.update(in.slice(at + RECORD_HEADER, length));
        if ((int) crc.getValue() != in.getInt(at + Integer.BYTES)) {
            return "CRC mismatch";
        }
        return null;
    }

    /**
     * A bad record is the torn tail of a crash when its length is plausible and reaches the end of
     * the file or beyond, or when nothing but zeros follows it (space the file system allocated
     * but the crash left unwritten). A torn write leaves a length that is right or zeroed, never
     * an implausible one. Anything else after it would be records that were published.
     */
    private static boolean tornTail(ByteBuffer in, int at) {
        int available = in.limit() - at;
        if (available < RECORD_HEADER) {
            return true;
        }
        int length = in.getInt(at);
        if (length >= MIN_BODY && length <= MAX_BODY && length + RECORD_HEADER >= available) {
            return true;
        }
        for (int i = at; i < in.limit(); i++) {
            if (in.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
