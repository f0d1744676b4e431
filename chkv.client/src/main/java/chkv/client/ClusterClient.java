package chkv.client;

import chkv.api.ChkvException;
import chkv.api.KvClient;
import chkv.api.Reply;
import chkv.api.spi.KeyOwners;
import chkv.api.spi.Transport;
import chkv.cluster.Member;
import chkv.cluster.Placement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link KvClient} of a CHKV cluster: commands that span nodes go to {@link Scatter}, every
 * other one to the owner of its keys (learnt from the nodes' {@code COMMAND} table), or to any
 * node when it has none. A command whose keys belong to several nodes is refused with Redis
 * Cluster's {@code -CROSSSLOT}, as a single node would refuse it. As {@link KeyOwners}, it tells
 * a proxy which node owns a command's keys and opens connections of the proxy's own there.
 */
final class ClusterClient implements KvClient, KeyOwners {
    private static final byte[][] COMMAND = {Connections.ascii("COMMAND")};

    /** The transport to close with the client, or {@code null} when its owner closes it. */
    private final Transport transport;
    private final ScheduledExecutorService timer;
    private final TopologyWatcher watcher;
    private final Connections connections;
    private final Router router;
    private final Scatter scatter;
    /** The key positions; commands wait here, in order, until the first table arrives. */
    private final AtomicReference<Gate<KeySpecs>> specs = new AtomicReference<>(new Gate<>());
    private final AtomicBoolean loading = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    ClusterClient(Transport transport, ScheduledExecutorService timer, TopologyWatcher watcher,
            Connections connections, long timeoutMillis) {
        this.transport = transport;
        this.timer = timer;
        this.watcher = watcher;
        this.connections = connections;
        this.router = new Router(connections, watcher, timer, timeoutMillis);
        this.scatter = new Scatter(router);
    }

    /** Learns the command table from some node, once the cluster has one; retried on failure. */
    CompletionStage<KeySpecs> loadSpecs() {
        Gate<KeySpecs> gate = specs.get();
        CompletableFuture<KeySpecs> loaded = new CompletableFuture<>();
        gate.then(s -> CompletableFuture.completedFuture(s)).whenComplete((s, f) -> {
            if (f != null) {
                loaded.completeExceptionally(f);
            } else {
                loaded.complete(s);
            }
        });
        if (router.placement() != null && !gate.isOpen() && loading.compareAndSet(false, true)) {
            router.send(Router.Target.ANY, COMMAND).whenComplete((reply, failure) -> {
                try {
                    if (failure == null && reply instanceof Reply.Error(String message)) {
                        failure = new ChkvException("COMMAND: " + message);
                    }
                    KeySpecs table = failure == null ? KeySpecs.parse(reply) : null;
                    if (table != null) {
                        gate.complete(table);
                    } else {
                        // the commands that waited fail; the next one asks again
                        specs.compareAndSet(gate, new Gate<>());
                        gate.fail(failure);
                    }
                } catch (RuntimeException e) {
                    specs.compareAndSet(gate, new Gate<>());
                    gate.fail(e);
                } finally {
                    loading.set(false);
                }
            });
        }
        return loaded;
    }

    @Override
    public CompletionStage<Reply> execute(byte[]... command) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ChkvException("client: closed (expected: open)"));
        }
        if (command.length == 0) {
            return CompletableFuture.completedFuture(Reply.error("ERR unknown command '', with args beginning with: "));
        }
        if (router.placement() == null) {
            return CompletableFuture.completedFuture(Router.CLUSTER_DOWN);
        }
        byte[][] args = command.clone();
        Gate<KeySpecs> gate = specs.get();
        KeySpecs table = gate.value();
        if (table != null) {
            try {
                return dispatch(table, args);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (!gate.isOpen()) {
            loadSpecs();
        }
        return gate.then(t -> dispatch(t, args));
    }

    private CompletionStage<Reply> dispatch(KeySpecs table, byte[][] command) {
        Placement placement = router.placement();
        if (placement == null) {
            return CompletableFuture.completedFuture(Router.CLUSTER_DOWN);
        }
        int argc = command.length;
        String name = table.name(command[0]);
        switch (name) {
            case "mget" -> {
                if (argc >= 2) {
                    return scatter.mget(placement, command);
                }
            }
            case "del", "unlink", "exists", "touch" -> {
                if (argc >= 2) {
                    return scatter.sum(placement, command);
                }
            }
            case "mset" -> {
                if (argc >= 3 && argc % 2 == 1) {
                    return scatter.mset(placement, command);
                }
            }
            case "msetnx" -> {
                if (argc >= 3 && argc % 2 == 1) {
                    return scatter.msetnx(placement, command);
                }
            }
            case "keys" -> {
                if (argc == 2) {
                    return scatter.everyNode(placement, command, Scatter::concat);
                }
            }
            case "dbsize" -> {
                if (argc == 1) {
                    return scatter.everyNode(placement, command, Scatter::sumOf);
                }
            }
            case "flushall", "flushdb" -> {
                return scatter.everyNode(placement, command, Scatter::allOk);
            }
            case "scan" -> {
                if (argc >= 2) {
                    return scatter.scan(placement, command);
                }
            }
            case "randomkey" -> {
                if (argc == 1) {
                    return scatter.randomKey(placement, command);
                }
            }
            default -> {
                return single(placement, table.keyPositions(name, command), command);
            }
        }
        // a call of the wrong shape: any node answers it with Redis's error
        return router.send(Router.Target.ANY, command);
    }

    /** A command for one node: the owner of all its keys, any node without keys. */
    private CompletionStage<Reply> single(Placement placement, int[] positions, byte[][] command) {
        if (positions == null || positions.length == 0) {
            return router.send(Router.Target.ANY, command);
        }
        byte[] first = command[positions[0]];
        if (positions.length == 1) {
            return router.send(Router.Target.owner(first), command);
        }
        String owner = placement.owner(first).id();
        for (int i = 1; i < positions.length; i++) {
            if (!placement.owner(command[positions[i]]).id().equals(owner)) {
                return CompletableFuture.completedFuture(Scatter.CROSSSLOT);
            }
        }
        return router.send(Router.Target.owner(first), command);
    }

    @Override
    public String ownerOf(byte[]... command) {
        Placement placement = router.placement();
        KeySpecs table = specs.get().value();
        int[] positions = command.length == 0 || table == null ? null : table.keyPositions(command);
        if (placement == null || positions == null || positions.length == 0) {
            return "";
        }
        String owner = placement.owner(command[positions[0]]).id();
        for (int i = 1; i < positions.length; i++) {
            if (!placement.owner(command[positions[i]]).id().equals(owner)) {
                return null;
            }
        }
        return owner;
    }

    @Override
    public CompletionStage<Transport.RespConnection> connect(String owner) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new ChkvException("client: closed (expected: open)"));
        }
        Placement placement = router.placement();
        if (placement == null) {
            return CompletableFuture.failedFuture(new chkv.api.RedisException(
                    ((Reply.Error) Router.CLUSTER_DOWN).message()));
        }
        Member member;
        if (owner.isEmpty()) {
            List<Member> members = placement.topology().ringMembers();
            member = members.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(members.size()));
        } else {
            member = placement.member(owner);
        }
        if (member == null) {
            return CompletableFuture.failedFuture(new Unreachable("DataNode " + owner
                    + ": not a member (expected: a member of epoch " + placement.epoch() + ")", null));
        }
        return connections.dedicated(member.respAddress());
    }

    /** @return the placement in force, or {@code null} before the first topology */
    Placement placement() {
        return watcher.current();
    }

    /** Called with each newer placement: drops the connections to nodes that left, loads the table. */
    void topologyChanged(Placement placement) {
        connections.retain(placement.topology().members().stream()
                .map(m -> m.respAddress()).collect(java.util.stream.Collectors.toSet()));
        if (!placement.isEmpty() && !specs.get().isOpen()) {
            loadSpecs();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watcher.close();
        connections.close();
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transport != null) {
            transport.close();
        }
    }
}
