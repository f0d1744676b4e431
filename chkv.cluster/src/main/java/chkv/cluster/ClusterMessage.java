package chkv.cluster;

import java.util.List;

/**
 * The control messages between DataNodes, clients, proxies and the NameNode. Every connection
 * starts with the cluster-secret handshake ({@link Hello}, {@link Challenge}, {@link Proof},
 * {@link Welcome}); the NameNode ignores anything else until it has succeeded, then answers each
 * request on the connection it came on and pushes {@link TopologyUpdate} to subscribers.
 */
public sealed interface ClusterMessage {

    /** The internal protocol version both ends of a control connection must speak. */
    int PROTOCOL_VERSION = 3;

    /**
     * Opens the handshake.
     *
     * @param role who connects: {@code datanode}, {@code client}, {@code proxy} or {@code admin}
     * @param nonce the connecting side's fresh random bytes
     */
    record Hello(String role, byte[] nonce) implements ClusterMessage {}

    /** @param nonce the NameNode's fresh random bytes */
    record Challenge(byte[] nonce) implements ClusterMessage {}

    /** @param mac the connecting side's proof that it holds the secret, see {@link ClusterAuth} */
    record Proof(byte[] mac) implements ClusterMessage {}

    /** @param mac the NameNode's proof that it holds the secret, so a client knows it is real */
    record Welcome(byte[] mac) implements ClusterMessage {}

    /** @param reason why the request or the connection was refused, in words a user can act on */
    record Refused(String reason) implements ClusterMessage {}

    /**
     * A DataNode asks to become a member, or to be one again after a restart or a lost connection.
     *
     * @param host the address clients reach its RESP port on
     * @param respPort its RESP port
     * @param controlPort its internal-message port, 0 for none
     * @param weight its share of the ring
     */
    record Join(String host, int respPort, int controlPort, int weight) implements ClusterMessage {}

    /** @param memberId the id the DataNode is known by @param topology the epoch that includes it */
    record Joined(String memberId, Topology topology) implements ClusterMessage {}

    /**
     * Takes a member out: one that owns ranges first hands them to their next owners (it is
     * {@code leaving} meanwhile); the answer comes once it is out.
     *
     * @param memberId the member to take out of the cluster
     */
    record Leave(String memberId) implements ClusterMessage {}

    /** @param topology the first epoch without it */
    record Left(Topology topology) implements ClusterMessage {}

    /**
     * A DataNode is alive; sent every heartbeat interval on its control connection.
     *
     * @param memberId who
     * @param epoch the epoch it serves
     * @param keys the keys it holds
     * @param memoryBytes the memory its store uses
     */
    record Heartbeat(String memberId, long epoch, long keys, long memoryBytes) implements ClusterMessage {}

    /** @param knownEpoch the newest epoch the subscriber has, 0 for none: a newer one is sent at once */
    record Subscribe(long knownEpoch) implements ClusterMessage {}

    /** @param topology a newer epoch */
    record TopologyUpdate(Topology topology) implements ClusterMessage {}

    /** Asks for the topology and what each member last reported. */
    record StatusRequest() implements ClusterMessage {}

    /**
     * @param memberId the member
     * @param keys keys at its last heartbeat
     * @param memoryBytes store memory at its last heartbeat
     * @param heartbeatAgeMillis how long ago that heartbeat arrived, -1 for never
     */
    record MemberStatus(String memberId, long keys, long memoryBytes, long heartbeatAgeMillis) implements ClusterMessage {}

    /**
     * @param topology the current epoch
     * @param members what each member last reported
     * @param moves the hand-overs in flight, one per source, empty when none
     */
    record Status(Topology topology, List<MemberStatus> members, List<MoveStatus> moves) implements ClusterMessage {}

    /**
     * The NameNode orders a DataNode to hand ranges to their new owners for the plan computed at
     * {@code epoch}; a newer order replaces an older one, and an empty one cancels it. The node
     * reports {@link MoveProgress} until it is done, then keeps the ranges frozen until an epoch
     * without them arrives.
     *
     * @param epoch the epoch the plan was computed from
     * @param transfers what goes where
     */
    record MoveOrder(long epoch, List<Transfer> transfers) implements ClusterMessage {}

    /**
     * One range changing owner.
     *
     * @param start exclusive lower bound of the hash range
     * @param end inclusive upper bound
     * @param to the new owner's member id
     * @param host the new owner's host
     * @param controlPort the new owner's internal-message port
     */
    record Transfer(long start, long end, String to, String host, int controlPort) {}

    /**
     * A source's account of an order, sent every so often and at each step: once it has sent
     * every key and is keeping up with the writes ({@code caughtUp}), and once it is done.
     *
     * @param epoch the order's epoch
     * @param memberId the source
     * @param ranges the ranges it hands over
     * @param keysSent keys sent so far
     * @param bytesSent key and value bytes sent so far
     * @param keysLeft an estimate of the keys still to send
     * @param caughtUp whether the sweep is over and only fresh writes are left to send
     * @param done whether everything was sent and acknowledged; the ranges stay frozen after
     */
    record MoveProgress(long epoch, String memberId, int ranges, long keysSent, long bytesSent, long keysLeft,
            boolean caughtUp, boolean done) implements ClusterMessage {}

    /**
     * Every source of the plan has caught up: each freezes its ranges, sends the last writes and
     * reports done, so the ranges are frozen only for that last step and the new epoch.
     *
     * @param epoch the order's epoch at the source
     */
    record MoveFinish(long epoch) implements ClusterMessage {}

    /**
     * A batch of a range hand-over, from the source's connection to the new owner, applied in
     * order; the receiver answers each with {@link ImportAck}. The entries are packed in flat
     * arrays, one slot per entry and every key and value back to back in {@code bytes}, so the
     * transport carries a batch of thousands of keys as a few arrays instead of an object each
     * (a record per key cost the receiver's I/O thread most of a hand-over); {@link #of} packs
     * and {@link #entries} unpacks.
     *
     * @param epoch the order's epoch
     * @param seq the batch's number on this connection
     * @param bytes each entry's key, then its bytes of the value, back to back
     * @param keyLengths each entry's key length
     * @param valueLengths the length of each entry's bytes of the value, -1 when the key was deleted
     * @param offsets where each entry's bytes start in its value
     * @param lengths each entry's whole value length
     * @param expireAts each entry's absolute expiry in Unix milliseconds, 0 for none
     */
    record ImportBatch(long epoch, long seq, byte[] bytes, int[] keyLengths, int[] valueLengths, int[] offsets,
            int[] lengths, long[] expireAts) implements ClusterMessage {

        /**
         * @param epoch the order's epoch
         * @param seq the batch's number on its connection
         * @param entries the keys, in the order they were read
         * @return the batch, packed
         */
        public static ImportBatch of(long epoch, long seq, List<ImportEntry> entries) {
            int n = entries.size();
            int total = 0;
            for (ImportEntry e : entries) {
                total += e.key().length + (e.value() == null ? 0 : e.value().length);
            }
            byte[] bytes = new byte[total];
            int[] keyLengths = new int[n];
            int[] valueLengths = new int[n];
            int[] offsets = new int[n];
            int[] lengths = new int[n];
            long[] expireAts = new long[n];
            int at = 0;
            for (int i = 0; i < n; i++) {
                ImportEntry e = entries.get(i);
                System.arraycopy(e.key(), 0, bytes, at, e.key().length);
                at += e.key().length;
                keyLengths[i] = e.key().length;
                valueLengths[i] = e.value() == null ? -1 : e.value().length;
                if (e.value() != null) {
                    System.arraycopy(e.value(), 0, bytes, at, e.value().length);
                    at += e.value().length;
                }
                offsets[i] = e.offset();
                lengths[i] = e.length();
                expireAts[i] = e.expireAt();
            }
            return new ImportBatch(epoch, seq, bytes, keyLengths, valueLengths, offsets, lengths, expireAts);
        }

        /**
         * @return the entries, in order, each key and value a copy of its own
         * @throws IllegalArgumentException when the arrays do not agree, as from a faulty sender
         */
        public List<ImportEntry> entries() {
            int n = keyLengths.length;
            if (valueLengths.length != n || offsets.length != n || lengths.length != n || expireAts.length != n) {
                throw new IllegalArgumentException("import batch " + seq + ": arrays of " + n + ", "
                        + valueLengths.length + ", " + offsets.length + ", " + lengths.length + ", "
                        + expireAts.length + " entries (expected: one length for all)");
            }
            List<ImportEntry> entries = new java.util.ArrayList<>(n);
            int at = 0;
            for (int i = 0; i < n; i++) {
                int keyLength = keyLengths[i];
                int valueLength = valueLengths[i];
                if (keyLength < 0 || valueLength < -1 || at + keyLength + Math.max(0, valueLength) > bytes.length) {
                    throw new IllegalArgumentException("import batch " + seq + ": entry " + i + " of " + keyLength
                            + "+" + valueLength + " bytes at " + at + " (expected: within its " + bytes.length + " bytes)");
                }
                byte[] key = java.util.Arrays.copyOfRange(bytes, at, at + keyLength);
                at += keyLength;
                byte[] value = null;
                if (valueLength >= 0) {
                    value = java.util.Arrays.copyOfRange(bytes, at, at + valueLength);
                    at += valueLength;
                }
                entries.add(new ImportEntry(key, value, offsets[i], lengths[i], expireAts[i]));
            }
            return entries;
        }
    }

    /**
     * One key, or one piece of a large value, of an {@link ImportBatch}. A value over the piece
     * size arrives as several entries of the same key with growing {@code offset}; the key is
     * written when the last one arrives. Registered for compatibility of the message ids only:
     * a batch carries its entries packed.
     *
     * @param key the key
     * @param value these bytes of the value, or {@code null}: the key was deleted
     * @param offset where these bytes start in the value
     * @param length the value's whole length
     * @param expireAt absolute Unix milliseconds, 0 for none
     */
    record ImportEntry(byte[] key, byte[] value, int offset, int length, long expireAt) {}

    /** @param seq the batch applied @param error why it was not, or {@code null} */
    record ImportAck(long seq, String error) implements ClusterMessage {}

    /**
     * What {@code chkv status} shows of a hand-over in flight.
     *
     * @param memberId the source
     * @param epoch the order's epoch
     * @param ranges ranges handed over
     * @param keysSent keys sent so far
     * @param bytesSent bytes sent so far
     * @param keysLeft estimate of keys left
     * @param bytesPerSecond the recent rate
     * @param done whether the source has sent everything
     */
    record MoveStatus(String memberId, long epoch, int ranges, long keysSent, long bytesSent, long keysLeft,
            long bytesPerSecond, boolean done) implements ClusterMessage {}

    /**
     * @return every class a transport must register to carry these messages, in a fixed order:
     *     the ids derive from it, so append only
     */
    static List<Class<?>> types() {
        return List.of(Hello.class, Challenge.class, Proof.class, Welcome.class, Refused.class,
                Join.class, Joined.class, Leave.class, Left.class, Heartbeat.class, Subscribe.class,
                TopologyUpdate.class, StatusRequest.class, MemberStatus.class, Status.class,
                Topology.class, Member.class, MemberState.class, MoveOrder.class, Transfer.class,
                MoveProgress.class, ImportBatch.class, ImportEntry.class, ImportAck.class, MoveStatus.class,
                MoveFinish.class);
    }
}
