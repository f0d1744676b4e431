package chkv.ring.hash;

import chkv.api.spi.HashFunction;
import chkv.api.spi.HashFunctionProvider;

/** Provides {@code xxhash64}: XXH64 with seed 0. */
public final class XxHash64Provider implements HashFunctionProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public XxHash64Provider() {}

    @Override
    public String name() {
        return "xxhash64";
    }

    @Override
    public HashFunction create() {
        return XxHash64.INSTANCE;
    }
}
