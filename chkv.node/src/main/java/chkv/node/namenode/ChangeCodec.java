package chkv.node.namenode;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import chkv.cluster.Topology;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a {@link Change}, and of a snapshot of the whole topology: a kind byte, then the
 * fields in order, strings as modified UTF-8 and states by name, so that reordering the enum
 * cannot change what an old log means. Kinds are fixed: append new ones, never renumber.
 */
final class ChangeCodec {
    private static final byte SNAPSHOT = 0;
    private static final byte CONFIGURE = 1;
    private static final byte ADD_MEMBER = 2;
    private static final byte SET_STATE = 3;
    private static final byte REMOVE_MEMBER = 4;
    private static final byte SETTLE = 5;

    private ChangeCodec() {}

    /** @param change a command @return its bytes */
    static byte[] encode(Change change) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            switch (change) {
                case Change.Configure(String mode, int replicas, int vnodes, String hash) -> {
                    out.writeByte(CONFIGURE);
                    out.writeUTF(mode);
                    out.writeInt(replicas);
                    out.writeInt(vnodes);
                    out.writeUTF(hash);
                }
                case Change.AddMember(Member m) -> {
                    out.writeByte(ADD_MEMBER);
                    writeMember(out, m);
                }
                case Change.SetState(String id, MemberState state) -> {
                    out.writeByte(SET_STATE);
                    out.writeUTF(id);
                    out.writeUTF(state.name());
                }
                case Change.RemoveMember(String id) -> {
                    out.writeByte(REMOVE_MEMBER);
                    out.writeUTF(id);
                }
                case Change.Settle(List<String> joined, List<String> left) -> {
                    out.writeByte(SETTLE);
                    writeIds(out, joined);
                    writeIds(out, left);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param bytes what {@link #encode} produced
     * @return the command
     * @throws IllegalArgumentException when the bytes are not one whole command
     */
    static Change decode(byte[] bytes) {
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(stream)) {
            byte kind = in.readByte();
            if (kind == SNAPSHOT) {
                throw new IllegalArgumentException("change: a snapshot (expected: a change)");
            }
            Change change = switch (kind) {
                case CONFIGURE -> new Change.Configure(in.readUTF(), in.readInt(), in.readInt(), in.readUTF());
                case ADD_MEMBER -> new Change.AddMember(readMember(in));
                case SET_STATE -> new Change.SetState(in.readUTF(), MemberState.valueOf(in.readUTF()));
                case REMOVE_MEMBER -> new Change.RemoveMember(in.readUTF());
                case SETTLE -> new Change.Settle(readIds(in, bytes.length), readIds(in, bytes.length));
                default -> throw new IllegalArgumentException("change kind: " + kind
                        + " (expected: " + CONFIGURE + " to " + SETTLE + ")");
            };
            requireEnd(stream);
            return change;
        } catch (IOException e) {
            throw new IllegalArgumentException("change: truncated (" + e.getMessage() + ")", e);
        }
    }

    private static void writeIds(DataOutputStream out, List<String> ids) throws IOException {
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
        }
    }

    private static List<String> readIds(DataInputStream in, int limit) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > limit) {
            throw new IllegalArgumentException("change: " + count + " member ids (expected: 0 to " + limit + ")");
        }
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(in.readUTF());
        }
        return ids;
    }

    /** @param bytes a record's payload @return whether it holds a snapshot rather than a change */
    static boolean isSnapshot(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == SNAPSHOT;
    }

    /** @param topology the state to keep whole @return its bytes, without its epoch (the record has it) */
    static byte[] encodeSnapshot(Topology topology) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * topology.members().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(SNAPSHOT);
            out.writeUTF(topology.mode());
            out.writeInt(topology.replicas());
            out.writeInt(topology.vnodes());
            out.writeUTF(topology.hash());
            out.writeInt(topology.members().size());
            for (Member m : topology.members()) {
                writeMember(out, m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @param epoch the epoch the record holds
     * @param bytes what {@link #encodeSnapshot} produced
     * @return the topology
     * @throws IllegalArgumentException when the bytes are not one whole snapshot
     */
    static Topology decodeSnapshot(long epoch, byte[] bytes) {
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(stream)) {
            if (in.readByte() != SNAPSHOT) {
                throw new IllegalArgumentException("snapshot: another kind of record (expected: kind " + SNAPSHOT + ")");
            }
            String mode = in.readUTF();
            int replicas = in.readInt();
            int vnodes = in.readInt();
            String hash = in.readUTF();
            int count = in.readInt();
            if (count < 0 || count > bytes.length) {
                throw new IllegalArgumentException("snapshot: " + count + " members (expected: 0 to " + bytes.length + ")");
            }
            List<Member> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                members.add(readMember(in));
            }
            requireEnd(stream);
            return new Topology(epoch, mode, replicas, vnodes, hash, members);
        } catch (IOException e) {
            throw new IllegalArgumentException("snapshot: truncated (" + e.getMessage() + ")", e);
        }
    }

    private static void writeMember(DataOutputStream out, Member m) throws IOException {
        out.writeUTF(m.id());
        out.writeUTF(m.host());
        out.writeInt(m.respPort());
        out.writeInt(m.controlPort());
        out.writeUTF(m.state().name());
        out.writeInt(m.weight());
    }

    private static Member readMember(DataInputStream in) throws IOException {
        return new Member(in.readUTF(), in.readUTF(), in.readInt(), in.readInt(), MemberState.valueOf(in.readUTF()),
                in.readInt());
    }

    private static void requireEnd(ByteArrayInputStream stream) {
        if (stream.available() != 0) {
            throw new IllegalArgumentException("record: " + stream.available() + " bytes after its end (expected: none)");
        }
    }
}
