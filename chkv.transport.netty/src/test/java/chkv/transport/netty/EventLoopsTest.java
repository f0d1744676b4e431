package chkv.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Choosing the I/O API: the first candidate whose threads start. */
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
}
