package chkv.node.namenode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change log: records come back in order after a restart, and damage is found by its CRC. */
class ChangeLogTest {
    @TempDir
    Path dir;

    private static final List<Change> CHANGES = List.of(new Change.Configure("cache", 1, 64, "murmur3"),
            new Change.AddMember(new Member("h:7380", "h", 7380, 7381, MemberState.UP, 1)),
            new Change.AddMember(new Member("h:7390", "h", 7390, 0, MemberState.UP, 2)),
            new Change.SetState("h:7380", MemberState.DEAD));

    private Path file() {
        return dir.resolve(ChangeLog.FILE);
    }

    /** Writes the changes with epochs 1, 2, ... and returns the file's size after each record. */
    private long[] write(List<Change> changes) throws IOException {
        long[] ends = new long[changes.size()];
        try (ChangeLog log = ChangeLog.open(dir)) {
            for (int i = 0; i < changes.size(); i++) {
                log.append(i + 1, changes.get(i));
                ends[i] = Files.size(file());
            }
        }
        return ends;
    }

    private static List<Membership.Entry> entries(List<Change> changes) {
        return java.util.stream.IntStream.range(0, changes.size())
                .mapToObj(i -> new Membership.Entry(i + 1, changes.get(i))).toList();
    }

    private List<Membership.Entry> reopen() throws IOException {
        try (ChangeLog log = ChangeLog.open(dir)) {
            assertThat(log.recovered().snapshot()).isNull();
            return log.recovered().changes();
        }
    }

    @Test
    void open_emptyDirectory_createsLogWithHeaderOnly() throws IOException {
        assertThat(reopen()).isEmpty();
        assertThat(Files.readAllBytes(file())).isEqualTo(ChangeLog.HEADER);
        assertThat(dir.resolve(ChangeLog.FILE + ".new")).doesNotExist();
    }

    @Test
    void open_afterAppends_recoversEveryRecordInOrder() throws IOException {
        write(CHANGES);
        assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES));
    }

    @Test
    void append_afterReopen_continuesTheLog() throws IOException {
        write(CHANGES.subList(0, 2));
        try (ChangeLog log = ChangeLog.open(dir)) {
            log.append(3, CHANGES.get(2));
        }
        assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES.subList(0, 3)));
    }

    @Test
    void open_tornLastRecord_cutOffAndAppendsContinueAfterTheLastWholeOne() throws IOException {
        long[] ends = write(CHANGES);
        // each round starts from the whole log the previous one restored
        for (long cut : new long[] {ends[3] - 1, ends[2] + 5, ends[2] + 1}) {
            try (var ch = java.nio.channels.FileChannel.open(file(), java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES.subList(0, 3)));
            assertThat(Files.size(file())).isEqualTo(ends[2]);
            try (ChangeLog log = ChangeLog.open(dir)) {
                log.append(4, CHANGES.get(3));
            }
            assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES));
        }
    }

    @Test
    void open_corruptCrcInLastRecord_cutOff() throws IOException {
        long[] ends = write(CHANGES);
        flipByte(ends[3] - 1);
        assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES.subList(0, 3)));
        assertThat(Files.size(file())).isEqualTo(ends[2]);
    }

    @Test
    void open_zeroesAfterTheLastRecord_cutOff() throws IOException {
        long[] ends = write(CHANGES);
        Files.write(file(), new byte[100], java.nio.file.StandardOpenOption.APPEND);
        assertThat(reopen()).containsExactlyElementsOf(entries(CHANGES));
        assertThat(Files.size(file())).isEqualTo(ends[3]);
    }

    @Test
    void open_corruptCrcBeforeOtherRecords_refusesAndKeepsTheFile() throws IOException {
        long[] ends = write(CHANGES);
        flipByte(ends[0] + ChangeLog.RECORD_HEADER + 3);
        byte[] before = Files.readAllBytes(file());
        assertThatThrownBy(this::reopen).isInstanceOf(IOException.class)
                .hasMessageContaining("record at offset " + ends[0] + " is corrupt (CRC mismatch)")
                .hasMessageContaining((ends[3] - ends[0]) + " bytes follow it");
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
    }

    @Test
    void open_implausibleLength_isCorruptionNotATornTail() throws IOException {
        long[] ends = write(CHANGES);
        byte[] bytes = Files.readAllBytes(file());
        ByteBuffer.wrap(bytes).putInt((int) ends[1], ChangeLog.MAX_BODY + 1);
        Files.write(file(), bytes);
        assertThatThrownBy(this::reopen).isInstanceOf(IOException.class)
                .hasMessageContaining("record at offset " + ends[1] + " is corrupt (length " + (ChangeLog.MAX_BODY + 1));
    }

    @Test
    void open_notALog_refuses() throws IOException {
        Files.writeString(file(), "hello world");
        assertThatThrownBy(this::reopen).isInstanceOf(IOException.class).hasMessageContaining("no CHKVNNL header");
    }

    @Test
    void open_whileAnotherHoldsIt_refuses() throws IOException {
        try (ChangeLog _ = ChangeLog.open(dir)) {
            assertThatThrownBy(() -> ChangeLog.open(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("locked by another NameNode");
        }
        assertThat(reopen()).isEmpty();
    }

    @Test
    void open_epochsNotIncreasing_refuses() throws IOException {
        try (ChangeLog log = ChangeLog.open(dir)) {
            log.append(2, CHANGES.get(0));
            log.append(2, CHANGES.get(1));
        }
        assertThatThrownBy(this::reopen).isInstanceOf(IOException.class)
                .hasMessageContaining("has epoch 2 after epoch 2");
    }

    @Test
    void compact_thenReopen_snapshotAndTheChangesAfterIt() throws IOException {
        write(CHANGES);
        Topology current;
        try (ChangeLog log = ChangeLog.open(dir)) {
            current = Membership.replay(log.recovered().start(), log.recovered().changes());
            log.compact(current);
            assertThat(dir.resolve(ChangeLog.FILE + ".new")).doesNotExist();
            log.append(5, new Change.RemoveMember("h:7390"));
        }
        Topology expected = Membership.apply(current, new Change.RemoveMember("h:7390")).orElseThrow();
        try (ChangeLog log = ChangeLog.open(dir)) {
            assertThat(log.recovered().snapshot()).isEqualTo(current);
            assertThat(log.recovered().changes()).containsExactly(new Membership.Entry(5, new Change.RemoveMember("h:7390")));
            assertThat(Membership.replay(log.recovered().start(), log.recovered().changes())).isEqualTo(expected);
            // still locked after the file under it was replaced
            assertThatThrownBy(() -> ChangeLog.open(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("locked by another NameNode");
        }
    }

    @Test
    void open_snapshotAfterTheFirstRecord_refuses() throws IOException {
        write(CHANGES.subList(0, 1));
        Topology t = Membership.apply(Membership.initial(), CHANGES.get(0)).orElseThrow();
        try (ChangeLog log = ChangeLog.open(dir)) {
            log.compact(t);
        }
        byte[] snapshotRecord = Arrays.copyOfRange(Files.readAllBytes(file()), ChangeLog.HEADER.length,
                (int) Files.size(file()));
        Files.write(file(), ChangeLog.HEADER);
        try (ChangeLog log = ChangeLog.open(dir)) {
            log.append(1, CHANGES.get(0));
        }
        // the snapshot, epoch 1, after a change of epoch 1: its epoch is checked first, so re-epoch it
        ByteBuffer.wrap(snapshotRecord).putLong(ChangeLog.RECORD_HEADER, 2);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(snapshotRecord, ChangeLog.RECORD_HEADER, snapshotRecord.length - ChangeLog.RECORD_HEADER);
        ByteBuffer.wrap(snapshotRecord).putInt(4, (int) crc.getValue());
        Files.write(file(), snapshotRecord, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(this::reopen).isInstanceOf(IOException.class)
                .hasMessageContaining("a snapshot after the first record");
    }

    private void flipByte(long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file());
        bytes[(int) offset] ^= 0x5a;
        Files.write(file(), bytes);
    }
}
