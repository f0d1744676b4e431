package chkv.node.command;

import chkv.api.spi.Store;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's WATCHed keys: which connections watch each key, so that a change to the key makes
 * their next {@code EXEC} fail. A command learns whether anyone watches anything from one
 * volatile read, so nothing else is done on the hot path while nobody watches.
 */
public final class Watches {
    private final Map<ByteBuffer, Set<ClientState>> watchers = new ConcurrentHashMap<>();
    /** (connection, key) pairs, so the check on every command is one read. */
    private final AtomicInteger pairs = new AtomicInteger();

    /** @return whether any connection watches any key */
    public boolean active() {
        return pairs.get() > 0;
    }

    /**
     * Watches {@code key} for {@code client}, remembering whether it is live now: a live key that
     * is gone by {@code EXEC} (expired, evicted, moved away) fails the transaction, while one that
     * had already expired unseen, a stale key in Redis's words, does not.
     */
    void watch(ClientState client, byte[] key, Store store) {
        if (client.isWatching(key)) {
            return;
        }
        client.watched(key, store.exists(key));
        watchers.computeIfAbsent(ByteBuffer.wrap(key), k -> ConcurrentHashMap.newKeySet()).add(client);
        pairs.incrementAndGet();
    }

    /** Forgets every key {@code client} watches, and its dirty mark. */
    void unwatchAll(ClientState client) {
        List<ClientState.Watched> keys = client.clearWatched();
        for (ClientState.Watched w : keys) {
            watchers.computeIfPresent(ByteBuffer.wrap(w.key()), (k, set) -> {
                set.remove(client);
                return set.isEmpty() ? null : set;
            });
        }
        pairs.addAndGet(-keys.size());
    }

    /** {@code key} was changed: every connection watching it fails its next EXEC. */
    void touch(byte[] key) {
        Set<ClientState> set = watchers.get(ByteBuffer.wrap(key));
        if (set != null) {
            set.forEach(ClientState::dirtyCas);
        }
    }

    /**
     * The keyspace is about to be emptied: as Redis's FLUSHALL, only the watched keys that exist
     * count as changed.
     */
    void flushing(Store store) {
        for (Map.Entry<ByteBuffer, Set<ClientState>> e : watchers.entrySet()) {
            ByteBuffer k = e.getKey();
            byte[] key = new byte[k.remaining()];
            k.duplicate().get(key);
            if (store.exists(key)) {
                e.getValue().forEach(ClientState::dirtyCas);
            }
        }
    }

    /**
     * @return whether a key {@code client} watched while it was live is gone now: expired or
     *     removed without a write this server saw, which fails EXEC as Redis's expired watched key
     */
    static boolean anyExpired(ClientState client, Store store) {
        for (ClientState.Watched w : client.watchedKeys()) {
            if (w.liveWhenWatched() && !store.exists(w.key())) {
                return true;
            }
        }
        return false;
    }
}
