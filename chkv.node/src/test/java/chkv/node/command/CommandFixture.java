package chkv.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import chkv.api.Reply;
import chkv.api.spi.EvictionPolicy;
import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.node.boot.Providers;
import chkv.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A dispatcher over a real heap store on a fake clock, with one default connection; commands
 * are given as strings and replies compared as the RESP text Redis would send.
 */
abstract class CommandFixture {
    protected final FakeClock clock = new FakeClock();
    /** Advances by 1 µs per reading, so each command takes a known time. */
    protected final AtomicLong nanos = new AtomicLong();
    protected Store store;
    protected ServerState server;
    protected Dispatcher dispatcher;
    protected FakeSession session;

    @BeforeEach
    void openServer() {
        open(null);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Replaces the server with one requiring {@code password} (or none when null). */
    protected void open(String password) {
        if (store != null) {
            store.close();
        }
        open(StoreConfig.of(clock), password);
    }

    protected void open(StoreConfig config, String password) {
        store = Providers.stores().get("heap").create(config);
        server = new ServerState(store, () -> nanos.addAndGet(1000), password, "heap", config.maxMemory(),
                config.policy());
        dispatcher = new Dispatcher(CommandTable.standard(), server);
        session = connect();
    }

    protected FakeSession connect() {
        FakeSession s = new FakeSession();
        dispatcher.connected(s);
        return s;
    }

    /** @return the reply to {@code args} on the default connection, as RESP text */
    protected String run(String... args) {
        return runOn(session, args);
    }

    protected String runOn(FakeSession s, String... args) {
        return Resp.encode(reply(s, args), s.protocol());
    }

    protected Reply reply(FakeSession s, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return dispatcher.handle(s, bytes);
    }

    protected static String ok() {
        return "+OK\r\n";
    }

    protected static String nil() {
        return "$-1\r\n";
    }

    protected static String integer(long n) {
        return ":" + n + "\r\n";
    }

    protected static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    protected static String err(String message) {
        return "-" + message + "\r\n";
    }

    protected static String array(String... items) {
        return "*" + items.length + "\r\n" + String.join("", items);
    }

    protected void assertRun(String expected, String... args) {
        assertThat(run(args)).as(String.join(" ", args)).isEqualTo(expected);
    }

    /** @return the INFO text of the given sections, without the bulk framing */
    protected String info(String... sections) {
        String[] args = new String[sections.length + 1];
        args[0] = "info";
        System.arraycopy(sections, 0, args, 1, sections.length);
        return ((Reply.Verbatim) reply(session, args)).text();
    }

    protected static final EvictionPolicy NOEVICTION = EvictionPolicy.NOEVICTION;
}
