package chkv.ring.hash;

/** Placeholder until the implementation lands. */
public final class XxHash64Provider implements chkv.api.spi.HashFunctionProvider {
    @Override
    public String name() {
        return "xxhash64";
    }

    @Override
    public chkv.api.spi.HashFunction create() {
        throw new UnsupportedOperationException("xxhash64: not implemented yet");
    }
}
