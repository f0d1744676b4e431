package chkv.node.namenode;

import chkv.api.spi.FailureDetector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A failure detector whose verdicts the test sets, recording the evidence it is fed. */
final class ScriptedDetector implements FailureDetector {
    final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
    final List<String> heartbeats = new CopyOnWriteArrayList<>();
    final List<String> probes = new CopyOnWriteArrayList<>();
    /** {@link System#nanoTime()} when each probe result arrived. */
    final List<Long> probeNanos = new CopyOnWriteArrayList<>();
    final List<String> removed = new CopyOnWriteArrayList<>();

    @Override
    public void heartbeat(String node) {
        heartbeats.add(node);
    }

    @Override
    public void probed(String node, boolean answered) {
        probeNanos.add(System.nanoTime());
        probes.add(node + (answered ? " answered" : " failed"));
    }

    @Override
    public Verdict verdict(String node) {
        return verdicts.getOrDefault(node, Verdict.ALIVE);
    }

    @Override
    public void remove(String node) {
        removed.add(node);
    }
}
