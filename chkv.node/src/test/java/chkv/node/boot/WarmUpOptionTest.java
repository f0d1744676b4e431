package chkv.node.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chkv.api.spi.Store;
import chkv.api.spi.StoreConfig;
import chkv.api.spi.StoreProvider;
import chkv.api.spi.Transport;
import chkv.api.spi.TransportConfig;
import chkv.api.spi.TransportProvider;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code chkv datanode --warm-up N}: what the option runs before the real node starts, and what it never stops. */
class WarmUpOptionTest {
    private final List<String> calls = new ArrayList<>();

    @Test
    void warmUp_n_runsNCommands() {
        DataNodeCommand command = parse("--standalone", "--store", "offheap", "--warm-up=500");

        assertThat(command.warmUp(transports(), TransportConfig.defaults(), stores())).isEqualTo(500);
        assertThat(calls).startsWith("transport create", "store create offheap")
                .containsExactlyInAnyOrder("transport create", "store create offheap", "store close", "transport close");
    }

    @Test
    void warmUp_zero_runsNoneAndCreatesNothing() {
        DataNodeCommand command = parse("--standalone", "--warm-up", "0");

        assertThat(command.warmUp(transports(), TransportConfig.defaults(), stores())).isZero();
        assertThat(calls).isEmpty();
    }

    @Test
    void warmUp_scratchStoreFails_runsNoneAndClosesItsTransport() {
        DataNodeCommand command = parse("--standalone", "--store", "missing", "--warm-up", "500");
        StoreProvider failing = new StoreProvider() {
            @Override
            public String name() {
                return "missing";
            }

            @Override
            public Store create(StoreConfig config) {
                calls.add("store create missing");
                throw new IllegalStateException("no memory for a store");
            }
        };

        assertThat(command.warmUp(transports(), TransportConfig.defaults(), failing)).isZero();
        assertThat(calls).containsExactly("transport create", "store create missing", "transport close");
    }

    @Test
    void call_negativeWarmUp_failsBeforeCreatingAnything() {
        DataNodeCommand command = parse("--standalone", "--warm-up", "-1");

        assertThatThrownBy(command::call).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--maxmemory-samples 5 --hz 10 --warm-up -1"
                        + " (expected: at least 1 sample, hz of 0 or more, 0 or more commands)");
    }

    @Test
    void warmUp_unset_defaultsToTheMeasuredCount() {
        assertThat(parse("--standalone").warmUpCommands).isEqualTo(200_000);
    }

    private static DataNodeCommand parse(String... args) {
        DataNodeCommand command = new DataNodeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /** The netty transport, noting when one is created and closed. */
    private TransportProvider transports() {
        TransportProvider netty = Providers.transports().get("netty");
        return new TransportProvider() {
            @Override
            public String name() {
                return netty.name();
            }

            @Override
            public Transport create(TransportConfig config) {
                calls.add("transport create");
                return noting(Transport.class, netty.create(config), "transport close");
            }
        };
    }

    /** The real stores, noting when one is created and closed. */
    private StoreProvider stores() {
        return new StoreProvider() {
            @Override
            public String name() {
                return "noting";
            }

            @Override
            public Store create(StoreConfig config) {
                StoreProvider real = Providers.stores().get("offheap");
                calls.add("store create " + real.name());
                return noting(Store.class, real.create(config), "store close");
            }
        };
    }

    private <T> T noting(Class<T> type, T target, String onClose) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                calls.add(onClose);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
