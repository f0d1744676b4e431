package chkv.ring;

/** Placeholder until the ring lands. */
public final class Ring {
    private Ring() {}
}
