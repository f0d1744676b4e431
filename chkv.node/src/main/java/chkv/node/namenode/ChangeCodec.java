package chkv.node.namenode;

import chkv.cluster.Member;
import chkv.cluster.MemberState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The bytes of a {@link Change}: a kind byte, then its fields in order, strings as modified UTF-8
 * and states by name, so that reordering the enum cannot change what an old log means. Kinds are
 * fixed: append new ones, never renumber.
 */
final class ChangeCodec {
    private static final byte CONFIGURE = 1;
    private static final byte ADD_MEMBER = 2;
    private static final byte SET_STATE = 3;
    private static final byte REMOVE_MEMBER = 4;

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
                    out.writeUTF(m.id());
                    out.writeUTF(m.host());
                    out.writeInt(m.respPort());
                    out.writeInt(m.controlPort());
                    out.writeUTF(m.state().name());
                    out.writeInt(m.weight());
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
            Change change = switch (kind) {
                case CONFIGURE -> new Change.Configure(in.readUTF(), in.readInt(), in.readInt(), in.readUTF());
                case ADD_MEMBER -> new Change.AddMember(new Member(in.readUTF(), in.readUTF(), in.readInt(),
                        in.readInt(), MemberState.valueOf(in.readUTF()), in.readInt()));
                case SET_STATE -> new Change.SetState(in.readUTF(), MemberState.valueOf(in.readUTF()));
                case REMOVE_MEMBER -> new Change.RemoveMember(in.readUTF());
                default -> throw new IllegalArgumentException("change kind: " + kind
                        + " (expected: " + CONFIGURE + " to " + REMOVE_MEMBER + ")");
            };
            if (stream.available() != 0) {
                throw new IllegalArgumentException("change: " + stream.available()
                        + " bytes after the command (expected: none)");
            }
            return change;
        } catch (IOException e) {
            throw new IllegalArgumentException("change: truncated (" + e.getMessage() + ")", e);
        }
    }
}
