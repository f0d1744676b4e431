package chkv.node.namenode;

import chkv.cluster.Topology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The NameNode's append-only log of membership changes, in {@value #FILE}: an 8-byte header
 * ({@code CHKVNNL} and a format version), then one record per change, {@code [int length]
 * [int CRC32 of the body][body]}, the body being {@code [long epoch][change]} (see
 * {@link ChangeCodec}); big-endian. The first record may instead hold a snapshot of the whole
 * topology at its epoch, written by {@link #compact}, which replaces the file by one holding only
 * that snapshot. Each append is forced to the device before it returns, so an epoch is durable
 * before anyone hears of it. On open, a last record that is incomplete or fails
 * its CRC (a write torn by a crash) is cut off with a log line; a bad record with valid data
 * after it is corruption, and opening fails rather than forget epochs that were published.
 */
final class ChangeLog implements AutoCloseable {
    /** The log's file name inside the data directory. */
    static final String FILE = "namenode.log";
    static final byte[] HEADER = "CHKVNNL\u0001".getBytes(StandardCharsets.US_ASCII);
    static final int RECORD_HEADER = 8;
    /** The body of the smallest record: an epoch and a kind byte. */
    static final int MIN_BODY = Long.BYTES + 1;
    /** Far above any change (a member is a few short strings): a longer length is garbage. */
    static final int MAX_BODY = 64 * 1024;

    private final Path dir;
    private final Path file;
    private final Recovered recovered;
    private FileChannel channel;
    private FileLock lock;
    private long end;

    private ChangeLog(Path dir, FileChannel channel, FileLock lock, Recovered recovered, long end) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.channel = channel;
        this.lock = lock;
        this.recovered = recovered;
        this.end = end;
    }

    /**
     * Opens the log in {@code dir}, creating both if needed, and reads it back.
     *
     * @param dir the NameNode's data directory
     * @return the log, positioned after its last whole record
     * @throws IOException when it cannot be read or written, is corrupt before its tail, or is
     *     in use by another NameNode
     */
    static ChangeLog open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            create(dir, file);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock = lock(channel, file);
            byte[] bytes = Files.readAllBytes(file);
            Recovered recovered = ChangeLogReader.read(file, bytes);
            if (recovered.end() < bytes.length) {
                channel.truncate(recovered.end());
                channel.force(true);
            }
            return new ChangeLog(dir, channel, lock, recovered, recovered.end());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return what was read when the log was opened: the snapshot, if any, and the changes after it */
    Recovered recovered() {
        return recovered;
    }

    /** @return the log file */
    Path file() {
        return file;
    }

    /**
     * Appends one record and forces it to the device. When the write fails, the file is cut back
     * to where it was, so that a later append does not follow a partial record.
     *
     * @param epoch the epoch the change produces
     * @param change the command
     * @throws IOException when the record could not be made durable
     */
    synchronized void append(long epoch, Change change) throws IOException {
        ByteBuffer record = record(epoch, ChangeCodec.encode(change));
        try {
            long at = end;
            while (record.hasRemaining()) {
                at += channel.write(record, at);
            }
            channel.force(true);
            end = at;
        } catch (IOException e) {
            try {
                channel.truncate(end);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Replaces the log by one holding only a snapshot of {@code current}: written to a new file,
     * forced, renamed over the log, and the directory forced, so a crash leaves either the old
     * log or the new one whole. Appends continue after the snapshot.
     *
     * @param current the topology every change so far has led to
     * @throws IOException when the new file could not be made durable; the old log stays in use
     */
    synchronized void compact(Topology current) throws IOException {
        Path fresh = dir.resolve(FILE + ".new");
        FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            FileLock freshLock = lock(out, fresh);
            ByteBuffer bytes = ByteBuffer.allocate(HEADER.length).put(HEADER).flip();
            long at = 0;
            for (ByteBuffer b : new ByteBuffer[] {bytes, record(current.epoch(), ChangeCodec.encodeSnapshot(current))}) {
                while (b.hasRemaining()) {
                    at += out.write(b, at);
                }
            }
            out.force(true);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
            FileChannel old = channel;
            channel = out;
            lock = freshLock;
            end = at;
            old.close();
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(fresh);
            throw e;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Writes the header to a new file and renames it into place, so the log never lacks one. */
    private static void create(Path dir, Path file) throws IOException {
        Path fresh = dir.resolve(FILE + ".new");
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.wrap(HEADER);
            while (header.hasRemaining()) {
                out.write(header);
            }
            out.force(true);
        }
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /** A new or renamed file is an entry of its directory: without this it may not survive a crash. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** @return {@code [length][CRC32][epoch payload]}, ready to write */
    private static ByteBuffer record(long epoch, byte[] payload) {
        ByteBuffer body = ByteBuffer.allocate(Long.BYTES + payload.length).putLong(epoch).put(payload).flip();
        CRC32 crc = new CRC32();
        crc.update(body.duplicate());
        return ByteBuffer.allocate(RECORD_HEADER + body.remaining())
                .putInt(body.remaining()).putInt((int) crc.getValue()).put(body).flip();
    }

    private static FileLock lock(FileChannel channel, Path file) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IOException("namenode log " + file + ": locked by another NameNode "
                    + "(expected: one NameNode per data directory)");
        }
        return lock;
    }

    /**
     * What a log held when it was opened.
     *
     * @param snapshot the topology its first record holds whole, or {@code null} when it starts
     *     with changes from epoch 0
     * @param changes the changes after the snapshot, in order
     * @param end the offset after the last good record
     */
    record Recovered(Topology snapshot, List<Membership.Entry> changes, long end) {
        /** @return the topology the log starts from, before its changes */
        Topology start() {
            return snapshot != null ? snapshot : Membership.initial();
        }
    }
}
