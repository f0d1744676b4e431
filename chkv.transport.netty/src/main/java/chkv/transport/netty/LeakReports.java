package chkv.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Opt-in leak checking for test runs of code that uses this transport from outside it: with
 * the system property {@value #PROPERTY}{@code =true}, Netty's leak reports are also recorded,
 * and closing a transport fails when any buffer leaked. Netty on its own only logs them.
 */
final class LeakReports {
    /** The system property that turns the check on. */
    static final String PROPERTY = "chkv.netty.failOnLeak";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final ConcurrentLinkedQueue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        // Runs when the provider class loads, before any buffer class creates its detector.
        if (ENABLED) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
                // the one abstract factory method; the newer overload delegates to it
                @SuppressWarnings("deprecation")
                @Override
                public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                        Class<T> resource, int interval, long maxActive) {
                    return new ResourceLeakDetector<>(resource, interval) {
                        @Override
                        protected void reportTracedLeak(String type, String records) {
                            LEAKS.add(type + records);
                            super.reportTracedLeak(type, records);
                        }

                        @Override
                        protected void reportUntracedLeak(String type) {
                            LEAKS.add(type);
                            super.reportUntracedLeak(type);
                        }
                    };
                }
            });
        }
    }

    private LeakReports() {}

    /** Loads the class, installing the recording detectors when the check is on. */
    static void install() {}

    /**
     * Fails when buffers leaked: called once a transport's threads have stopped.
     *
     * @throws IllegalStateException listing the leaks reported since the last check
     */
    static void check() {
        if (!ENABLED) {
            return;
        }
        List<String> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("Netty reported " + leaks.size() + " leaked buffer(s):\n"
                    + String.join("\n", leaks));
        }
    }

    private static List<String> collect() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // detectors poll their reference queues only when they track a new buffer
            for (ByteBufAllocator allocator : List.of(PooledByteBufAllocator.DEFAULT, ByteBufAllocator.DEFAULT)) {
                allocator.directBuffer(1).release();
                allocator.heapBuffer(1).release();
            }
            ByteBuf heap = Unpooled.buffer(1);
            heap.release();
        }
        List<String> leaks = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }
}
