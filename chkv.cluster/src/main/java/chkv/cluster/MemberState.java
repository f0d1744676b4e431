package chkv.cluster;

import java.util.Locale;

/** Where a DataNode stands in the cluster, as {@code chkv status} prints it. */
public enum MemberState {
    /** Serving its ranges; heartbeats arrive. */
    UP,
    /** Heartbeats are overdue and the NameNode is probing it; it keeps its ranges meanwhile. */
    SUSPECT,
    /** Declared dead: its ranges belong to the ring's next owners. */
    DEAD,
    /** Registered, its ranges not moved to it yet. */
    JOINING,
    /** Handing its ranges over before it goes. */
    LEAVING;

    /** @return whether the member owns ranges of the ring in this state */
    public boolean inRing() {
        return this == UP || this == SUSPECT || this == LEAVING;
    }

    /** @return the lower-case word {@code chkv status} prints */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
