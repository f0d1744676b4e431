package chkv.api.spi;

/**
 * Places bytes on the 64-bit hash ring. Implementations are pure functions of the bytes,
 * thread-safe and allocation-free.
 *
 * <p>{@link #position(byte[])} applies hash tags as Redis Cluster and twemproxy do: when a key
 * contains a non-empty {@code {...}}, only the part inside the first such pair is hashed, so
 * {@code user:{42}:name} and {@code user:{42}:mail} land on the same node.
 */
@FunctionalInterface
public interface HashFunction {

    /**
     * @param data the bytes
     * @param offset where to start
     * @param length how many bytes
     * @return the 64-bit hash of {@code data[offset, offset + length)}
     */
    long hash(byte[] data, int offset, int length);

    /**
     * @param key a key
     * @return the ring position of the key, honouring its hash tag
     */
    default long position(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return hash(key, open + 1, close - open - 1);
                    }
                    break; // "{}" hashes the whole key, as in Redis Cluster
                }
            }
        }
        return hash(key, 0, key.length);
    }
}
