package chkv.ring.hash;

import chkv.api.spi.HashFunction;
import chkv.api.spi.HashFunctionProvider;

/** Provides {@code murmur3}: MurmurHash3 x64 128 with seed 0, first 64-bit half. */
public final class Murmur3Provider implements HashFunctionProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public Murmur3Provider() {}

    @Override
    public String name() {
        return "murmur3";
    }

    @Override
    public HashFunction create() {
        return Murmur3.INSTANCE;
    }
}
