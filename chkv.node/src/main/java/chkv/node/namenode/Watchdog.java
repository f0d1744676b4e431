package chkv.node.namenode;

import chkv.api.spi.FailureDetector;
import chkv.cluster.Member;

/**
 * The failure-detection tick: asks the detector's verdict on each member that owns ranges, probes
 * the suspects, and turns a death into one change of the topology. Runs on the NameNode's loop.
 * Suspicion changes no ownership, so it publishes no epoch; a second DEAD verdict on a member
 * already dead changes nothing, so it publishes none either.
 */
final class Watchdog implements Runnable {
    private final Registry registry;
    private final FailureDetector detector;
    private final Prober prober;

    Watchdog(Registry registry, FailureDetector detector, Prober prober) {
        this.registry = registry;
        this.detector = detector;
        this.prober = prober;
    }

    @Override
    public void run() {
        for (Member m : registry.topology().members()) {
            if (!Registry.watched(m)) {
                continue;
            }
            switch (detector.verdict(m.id())) {
                case ALIVE -> registry.suspected(m.id(), false);
                case SUSPECT -> {
                    registry.suspected(m.id(), true);
                    prober.probe(m);
                }
                case DEAD -> registry.dead(m.id());
            }
        }
        registry.retrySettle();
    }
}
