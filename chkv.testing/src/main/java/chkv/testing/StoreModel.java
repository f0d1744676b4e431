package chkv.testing;

import chkv.api.RedisException;
import chkv.api.spi.Store;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The reference model of {@link StoreModelTest}: a map of values with expiry, written as plainly as possible. */
final class StoreModel {
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

    private record Value(byte[] bytes, long expireAt) {}

    private final Map<ByteBuffer, Value> map = new HashMap<>();
    private final InstantSource clock;

    StoreModel(InstantSource clock) {
        this.clock = clock;
    }

    private Value live(byte[] key) {
        Value v = map.get(ByteBuffer.wrap(key));
        if (v != null && v.expireAt != Store.NO_EXPIRY && v.expireAt <= clock.millis()) {
            map.remove(ByteBuffer.wrap(key));
            return null;
        }
        return v;
    }

    private void put(byte[] key, byte[] value, long expireAt) {
        if (expireAt != Store.NO_EXPIRY && expireAt <= clock.millis()) {
            map.remove(ByteBuffer.wrap(key));
        } else {
            map.put(ByteBuffer.wrap(key.clone()), new Value(value.clone(), expireAt));
        }
    }

    byte[] get(byte[] key) {
        Value v = live(key);
        return v == null ? null : v.bytes;
    }

    long expireAtOf(byte[] key) {
        Value v = live(key);
        return v == null ? -2 : v.expireAt;
    }

    String set(byte[] key, byte[] value, int condition, boolean returnPrevious, long expireAt, boolean keepTtl) {
        Value v = live(key);
        byte[] previous = returnPrevious && v != null ? v.bytes : null;
        boolean blocked = condition == 1 && v != null || condition == 2 && v == null;
        if (!blocked) {
            put(key, value, keepTtl && v != null ? v.expireAt : expireAt);
        }
        return !blocked + "/" + StoreModelTest.show(previous);
    }

    boolean delete(byte[] key) {
        return live(key) != null && map.remove(ByteBuffer.wrap(key)) != null;
    }

    long incrBy(byte[] key, long delta) {
        Value v = live(key);
        long old = 0;
        if (v != null) {
            String text = new String(v.bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.length() > 20 || !INTEGER.matcher(text).matches()) {
                throw new RedisException(RedisException.NOT_AN_INTEGER);
            }
            try {
                old = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new RedisException(RedisException.NOT_AN_INTEGER);
            }
        }
        long sum = old + delta;
        if (((old ^ sum) & (delta ^ sum)) < 0) {
            throw new RedisException(RedisException.OVERFLOW);
        }
        put(key, Long.toString(sum).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                v == null ? Store.NO_EXPIRY : v.expireAt);
        return sum;
    }

    long append(byte[] key, byte[] suffix) {
        Value v = live(key);
        byte[] old = v == null ? new byte[0] : v.bytes;
        byte[] joined = Arrays.copyOf(old, old.length + suffix.length);
        System.arraycopy(suffix, 0, joined, old.length, suffix.length);
        put(key, joined, v == null ? Store.NO_EXPIRY : v.expireAt);
        return joined.length;
    }

    long setRange(byte[] key, int offset, byte[] bytes) {
        Value v = live(key);
        byte[] old = v == null ? new byte[0] : v.bytes;
        if (bytes.length == 0) {
            return old.length;
        }
        byte[] updated = Arrays.copyOf(old, Math.max(old.length, offset + bytes.length));
        System.arraycopy(bytes, 0, updated, offset, bytes.length);
        put(key, updated, v == null ? Store.NO_EXPIRY : v.expireAt);
        return updated.length;
    }

    boolean expireAt(byte[] key, long at, boolean nx, boolean xx, boolean gt, boolean lt) {
        Value v = live(key);
        if (v == null) {
            return false;
        }
        long current = v.expireAt == Store.NO_EXPIRY ? Long.MAX_VALUE : v.expireAt;
        if (nx && v.expireAt != Store.NO_EXPIRY || xx && v.expireAt == Store.NO_EXPIRY
                || gt && at <= current || lt && at >= current) {
            return false;
        }
        put(key, v.bytes, at);
        return true;
    }

    boolean persist(byte[] key) {
        Value v = live(key);
        if (v == null || v.expireAt == Store.NO_EXPIRY) {
            return false;
        }
        put(key, v.bytes, Store.NO_EXPIRY);
        return true;
    }

    byte[] getDel(byte[] key) {
        Value v = live(key);
        if (v != null) {
            map.remove(ByteBuffer.wrap(key));
        }
        return v == null ? null : v.bytes;
    }

    byte[] getEx(byte[] key, long expireAt) {
        Value v = live(key);
        if (v != null && expireAt != Store.KEEP_EXPIRY) {
            put(key, v.bytes, expireAt);
        }
        return v == null ? null : v.bytes;
    }

    /** @return the live keys as Latin-1 text */
    Set<String> liveKeys() {
        Set<String> keys = new HashSet<>();
        for (ByteBuffer k : map.keySet().toArray(new ByteBuffer[0])) {
            byte[] key = new byte[k.remaining()];
            k.duplicate().get(key);
            if (live(key) != null) {
                keys.add(new String(key, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return keys;
    }
}
