package chkv.example.fnv;

import chkv.api.spi.HashFunction;
import chkv.api.spi.HashFunctionProvider;

/** Supplies FNV-1a 64 with a finalizer that spreads its high bits, named {@code fnv1a}. */
public final class Fnv1aProvider implements HashFunctionProvider {
    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public Fnv1aProvider() {}

    @Override
    public String name() {
        return "fnv1a";
    }

    @Override
    public HashFunction create() {
        return (data, offset, length) -> {
            long h = 0xcbf29ce484222325L;
            for (int i = offset; i < offset + length; i++) {
                h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL; // FNV's high bits mix poorly; ring positions need them
            return h ^ (h >>> 33);
        };
    }
}
