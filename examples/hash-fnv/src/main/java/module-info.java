/**
 * An example hash function plug-in named {@code fnv1a}: a ring placement other than the image's.
 * Load it with {@code ./chkv --plugins DIR namenode --hash fnv1a}, DIR holding its jar (and the
 * DataNodes' {@code --plugins} too, since they place keys by the NameNode's hash).
 *
 * @provides chkv.api.spi.HashFunctionProvider fnv1a
 */
module chkv.example.fnv {
    requires chkv.api;

    provides chkv.api.spi.HashFunctionProvider with chkv.example.fnv.Fnv1aProvider;
}
