package chkv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.RedisException;
import chkv.api.spi.ExpireCondition;
import chkv.api.spi.SetOptions;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model-based test of a {@link Store}: thousands of seeded random operations run against the
 * store and against a plain reference model on the same {@link FakeClock}, comparing every
 * result. A failure names the seed and the index of the operation.
 */
public abstract class StoreModelTest {
    private static final int OPERATIONS = 20_000;
    private static final String[] VALUES = {"", "0", "1", "-1", "42", "9223372036854775807",
        "-9223372036854775808", "01", "abc", "\u0000\u00ff", "12345678901234567890123", "x y"};

    /**
     * @param config the configuration to build the store with
     * @return a new, empty store of the implementation under test
     */
    protected abstract Store create(StoreConfig config);

    /** Runs the random operations of one seed and compares every result with the model. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20260101})
    public void randomOperations_matchTheModel(long seed) {
        FakeClock clock = new FakeClock();
        Random random = new Random(seed);
        StoreModel model = new StoreModel(clock);
        try (Store store = create(StoreConfig.of(clock))) {
            for (int i = 0; i < OPERATIONS; i++) {
                step(store, model, clock, random, "seed " + seed + ", operation " + i);
            }
        }
    }

    private static void step(Store store, StoreModel model, FakeClock clock, Random random, String where) {
        byte[] key = key(random);
        long now = clock.millis();
        int op = random.nextInt(22);
        switch (op) {
            case 0, 1, 2 -> {
                byte[] value = value(random);
                int condition = random.nextInt(3);
                boolean get = random.nextBoolean();
                int ttlKind = random.nextInt(4);
                boolean keepTtl = ttlKind == 1;
                long at = ttlKind == 2 ? now + 1 + random.nextInt(2_000)
                        : ttlKind == 3 && random.nextInt(10) == 0 ? now - random.nextInt(100) : Store.NO_EXPIRY;
                SetOptions options = new SetOptions(SetOptions.Condition.values()[condition], get, at, keepTtl);
                compare(where, "SET", () -> {
                    Store.SetResult r = store.set(key, value, options);
                    return r.written() + "/" + show(r.previous());
                }, () -> model.set(key, value, condition, get, at, keepTtl));
            }
            case 3, 4 -> compare(where, "GET", () -> store.get(key), () -> model.get(key));
            case 5 -> compare(where, "DEL", () -> store.delete(key), () -> model.delete(key));
            case 6 -> {
                long delta = random.nextInt(5) == 0 ? Long.MAX_VALUE - random.nextInt(3) : random.nextInt(21) - 10;
                compare(where, "INCRBY", () -> store.incrBy(key, delta), () -> model.incrBy(key, delta));
            }
            case 7 -> {
                byte[] suffix = value(random);
                compare(where, "APPEND", () -> store.append(key, suffix), () -> model.append(key, suffix));
            }
            case 8 -> {
                long at = now + random.nextInt(3_000) - 200;
                boolean nx = random.nextInt(5) == 0;
                boolean xx = random.nextInt(5) == 0;
                boolean gt = !nx && random.nextInt(4) == 0;
                boolean lt = !nx && !gt && random.nextInt(4) == 0;
                compare(where, "PEXPIREAT", () -> store.expireAt(key, at, new ExpireCondition(nx, xx, gt, lt)),
                        () -> model.expireAt(key, at, nx, xx, gt, lt));
            }
            case 9 -> compare(where, "PERSIST", () -> store.persist(key), () -> model.persist(key));
            case 10 -> compare(where, "PTTL", () -> store.pttl(key), () -> {
                long at = model.expireAtOf(key);
                return at < 0 ? -2L : at == Store.NO_EXPIRY ? -1L : at - clock.millis();
            });
            case 11 -> compare(where, "PEXPIRETIME", () -> store.expireTime(key), () -> {
                long at = model.expireAtOf(key);
                return at < 0 ? -2L : at == Store.NO_EXPIRY ? -1L : at;
            });
            case 12, 13 -> clock.advance(random.nextInt(300));
            case 14 -> {
                int offset = random.nextInt(12);
                byte[] bytes = value(random);
                compare(where, "SETRANGE", () -> store.setRange(key, offset, bytes),
                        () -> model.setRange(key, offset, bytes));
            }
            case 15 -> compare(where, "GETDEL", () -> store.getDel(key), () -> model.getDel(key));
            case 16 -> {
                int kind = random.nextInt(4);
                long at = kind == 0 ? Store.KEEP_EXPIRY : kind == 1 ? Store.NO_EXPIRY
                        : kind == 2 ? now + 1 + random.nextInt(2_000) : now - random.nextInt(50);
                compare(where, "GETEX", () -> store.getEx(key, at), () -> model.getEx(key, at));
            }
            case 17 -> compare(where, "EXISTS/STRLEN", () -> store.exists(key) + "/" + store.strlen(key), () -> {
                byte[] v = model.get(key);
                return (v != null) + "/" + (v == null ? 0 : v.length);
            });
            case 18 -> {
                long start = random.nextInt(20) - 10;
                long end = random.nextInt(20) - 10;
                compare(where, "GETRANGE", () -> store.getRange(key, start, end), () -> {
                    byte[] v = model.get(key);
                    return range(v == null ? new byte[0] : v, start, end);
                });
            }
            case 19 -> {
                int count = 1 + random.nextInt(random.nextBoolean() ? 5 : 100);
                compare(where, "SCAN", () -> new TreeSet<>(StoreFixture.scanAll(store, count, () -> {})),
                        () -> new TreeSet<>(model.liveKeys()));
            }
            case 20 -> {
                store.reclaimExpired(1 + random.nextInt(100));
                assertThat(store.size()).as(where + ": DBSIZE").isGreaterThanOrEqualTo(model.liveKeys().size());
            }
            default -> compare(where, "KEYS k1*", () -> new TreeSet<>(store.keys(new byte[] {'k', '1', '*'})
                    .stream().map(k -> new String(k, StandardCharsets.ISO_8859_1)).toList()),
                    () -> new TreeSet<>(model.liveKeys().stream().filter(k -> k.startsWith("k1")).toList()));
        }
    }

    private static void compare(String where, String op, Supplier<Object> actual, Supplier<Object> expected) {
        String want = outcome(expected);
        String got = outcome(actual);
        assertThat(got).as("%s: %s", where, op).isEqualTo(want);
    }

    private static String outcome(Supplier<Object> call) {
        try {
            return show(call.get());
        } catch (RedisException e) {
            return "error " + e.getMessage();
        }
    }

    static String show(Object o) {
        return o instanceof byte[] bytes ? "\"" + new String(bytes, StandardCharsets.ISO_8859_1) + "\""
                : String.valueOf(o);
    }

    private static byte[] key(Random random) {
        int n = random.nextInt(40);
        return n == 39 ? new byte[] {0, (byte) 0xFF} : ("k" + n).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] value(Random random) {
        if (random.nextBoolean()) {
            return VALUES[random.nextInt(VALUES.length)].getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] v = new byte[random.nextInt(random.nextInt(10) == 0 ? 300 : 8)];
        random.nextBytes(v);
        return v;
    }

    private static byte[] range(byte[] v, long start, long end) {
        long len = v.length;
        if (start < 0 && end < 0 && start > end) {
            return new byte[0];
        }
        start = Math.max(start < 0 ? len + start : start, 0);
        end = Math.min(Math.max(end < 0 ? len + end : end, 0), len - 1);
        return start > end || len == 0 ? new byte[0] : java.util.Arrays.copyOfRange(v, (int) start, (int) end + 1);
    }
}
