package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the I/O API, the first candidate whose threads start, and how many threads by default. */
class EventLoopsTest {

    @Test
    void firstThatStarts_movesOnWhenAnApiLoadsButDoesNotStart() {
        List<String> tried = new ArrayList<>();
        EventLoops loops = EventLoops.firstThatStarts(1, List.of(EventLoops.IO_URING, EventLoops.NIO), (io, n) -> {
            tried.add(io);
            if (io.equals(EventLoops.IO_URING)) {
                throw new IllegalStateException("failed to create a child event loop");
            }
            return EventLoops.start(io, n);
        });
        try {
            assertThat(loops.name()).isEqualTo(EventLoops.NIO);
            assertThat(tried).containsExactly(EventLoops.IO_URING, EventLoops.NIO);
        } finally {
            loops.shutdown();
        }
    }

    @Test
    void firstThatStarts_whenNoneStarts_throwsTheFirstFailureWithTheOthersSuppressed() {
        assertThatThrownBy(() -> EventLoops.firstThatStarts(1, List.of(EventLoops.IO_URING, EventLoops.EPOLL), (io, n) -> {
            throw new IllegalStateException(io + " refused");
        })).hasMessage("io_uring refused")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("epoll refused")));
    }

    @Test
    void create_namedApiThatDoesNotStart_failsSayingWhich() {
        assertThatThrownBy(() -> EventLoops.create(1, EventLoops.NIO, (io, n) -> {
            throw new IllegalStateException("failed to create a child event loop");
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("nio did not start: failed to create a child event loop");
    }

    @Test
    void create_auto_triesTheAvailableApisInOrder_endingWithNio() {
        List<String> tried = new ArrayList<>();
        assertThatThrownBy(() -> EventLoops.create(1, EventLoops.AUTO, (io, n) -> {
            tried.add(io);
            throw new IllegalStateException(io + " refused");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(tried).isEqualTo(TransportConfigs.ioApis().toList()).endsWith(EventLoops.NIO);
    }

    @Test
    void defaultThreads_isHalfTheCores_atLeastOne() {
        assertThat(EventLoops.defaultThreads(1)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(2)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(3)).isEqualTo(1);
        assertThat(EventLoops.defaultThreads(4)).isEqualTo(2);
        assertThat(EventLoops.defaultThreads(64)).isEqualTo(32);
    }

    @Test
    void create_zeroThreads_startsTheDefault_anExplicitCountAsGiven() {
        List<Integer> counts = new ArrayList<>();
        for (int threads : new int[] {0, 3}) {
            assertThatThrownBy(() -> EventLoops.create(threads, EventLoops.NIO, (io, n) -> {
                counts.add(n);
                throw new IllegalStateException("not started");
            })).hasMessage("nio did not start: not started");
        }
        assertThat(counts).containsExactly(EventLoops.defaultThreads(Runtime.getRuntime().availableProcessors()), 3);
    }
}
