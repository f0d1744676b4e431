package chkv.ring.hash;

/** Placeholder until the implementation lands. */
public final class Murmur3Provider implements chkv.api.spi.HashFunctionProvider {
    @Override
    public String name() {
        return "murmur3";
    }

    @Override
    public chkv.api.spi.HashFunction create() {
        throw new UnsupportedOperationException("murmur3: not implemented yet");
    }
}
