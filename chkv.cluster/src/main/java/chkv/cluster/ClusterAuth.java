package chkv.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster-secret handshake, a mutual challenge and response: the secret never crosses the
 * wire, each side proves it holds it with an HMAC-SHA256 over both fresh nonces, and the two
 * proofs differ by a role label so one cannot be replayed as the other. Without a configured
 * secret both sides use the empty one, so a node given a secret refuses a cluster without it.
 */
public final class ClusterAuth {

    /** Bytes of each nonce. */
    public static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONNECTING = "chkv-connecting".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPTING = "chkv-accepting".getBytes(StandardCharsets.US_ASCII);

    private final byte[] secret;

    /** @param secret the cluster secret, empty for none */
    public ClusterAuth(byte[] secret) {
        this.secret = secret.clone();
    }

    /** @return fresh random bytes for one handshake */
    public static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    /**
     * @param connectingNonce the nonce of the side that connected
     * @param acceptingNonce the NameNode's nonce
     * @return the connecting side's proof
     */
    public byte[] connectingProof(byte[] connectingNonce, byte[] acceptingNonce) {
        return mac(CONNECTING, connectingNonce, acceptingNonce);
    }

    /**
     * @param connectingNonce the nonce of the side that connected
     * @param acceptingNonce the NameNode's nonce
     * @return the NameNode's proof
     */
    public byte[] acceptingProof(byte[] connectingNonce, byte[] acceptingNonce) {
        return mac(ACCEPTING, connectingNonce, acceptingNonce);
    }

    /** @return whether {@code actual} equals {@code expected}, in time independent of where they differ */
    public static boolean matches(byte[] expected, byte[] actual) {
        return actual != null && MessageDigest.isEqual(expected, actual);
    }

    private byte[] mac(byte[] label, byte[] first, byte[] second) {
        if (first == null || second == null || first.length != NONCE_BYTES || second.length != NONCE_BYTES) {
            throw new IllegalArgumentException("handshake nonce (expected: " + NONCE_BYTES + " bytes each)");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // an empty key is not allowed by the JDK: the label keys the MAC when there is no secret
            mac.init(new SecretKeySpec(secret.length == 0 ? label : secret, "HmacSHA256"));
            mac.update(label);
            mac.update(first);
            mac.update(second);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
