package chkv.api.spi;

/**
 * Decides which nodes are alive from the evidence it is fed. It owns no socket and no thread:
 * the NameNode feeds it heartbeats and probe results and asks for verdicts, so tests drive it
 * with a fake clock.
 */
public interface FailureDetector {

    /** @param node a passive heartbeat arrived from this node */
    void heartbeat(String node);

    /**
     * @param node the probed node
     * @param answered whether it answered the active probe in time
     */
    void probed(String node, boolean answered);

    /**
     * @param node a node that has sent a heartbeat, or was probed
     * @return the verdict now
     */
    Verdict verdict(String node);

    /** @param node forget this node (it left the cluster) */
    void remove(String node);

    /** What the detector believes of a node. */
    enum Verdict {
        /** Heartbeats arrive as expected. */
        ALIVE,
        /** Heartbeats are overdue: probe it actively. */
        SUSPECT,
        /** Declared dead: take its ranges over. */
        DEAD
    }
}
