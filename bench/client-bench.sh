#!/usr/bin/env bash
# The CHKV client library against Jedis, both talking to the same one DataNode, in one run:
#   bench/client-bench.sh [threads, default 8] [depth, default 16] [seconds, default 5] [rounds, default 3]
# Starts `./chkv local-cluster --datanodes 1` (its defaults); the client library reaches the
# DataNode through the NameNode's topology, Jedis connects to it directly. SET and GET of 100-byte
# values, synchronous from each thread, then pipelined (Jedis's pipeline of `depth`; as many
# asynchronous calls of the client library, then a wait for their replies). The benchmark runs on the
# runtime image's JVM, whose modules hold the client library; Jedis is on the class path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/chkv.bench/target/chkv.bench-0.1.0-SNAPSHOT.jar"
image="$root/chkv.dist/target/maven-jlink/default"

for tool in python3 redis-cli; do
  command -v "$tool" >/dev/null || { echo "client-bench: $tool not found" >&2; exit 1; }
done
if [ "${BENCH_NO_BUILD:-0}" != 1 ] && { [ ! -f "$jar" ] || [ -n "$(find "$root/chkv.bench/src" -newer "$jar" -type f -print -quit)" ]; }; then
  "$root/mvnw" -B -q -f "$root/pom.xml" -pl chkv.bench -am package -DskipTests >&2
fi
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale

work=$(mktemp -d)
cluster_pid=
cleanup() {
  if [ -n "$cluster_pid" ]; then kill -TERM "$cluster_pid" 2>/dev/null || true; wait "$cluster_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

CHKV_NO_BUILD=1 "$root/chkv" local-cluster --datanodes 1 --port 0 --dir "$work/cluster" >"$work/cluster.out" 2>&1 &
cluster_pid=$!
for _ in $(seq 1 600); do grep -q '^ready' "$work/cluster.out" 2>/dev/null && break; sleep 0.1; done
namenode=$(sed -n 's/^namenode \(.*\)$/\1/p' "$work/cluster.out")
datanode=$(sed -n 's/^datanode \(.*\)$/\1/p' "$work/cluster.out" | head -n 1)
[ -n "$namenode" ] && [ -n "$datanode" ] || { echo "client-bench: local-cluster did not start:"; cat "$work/cluster.out"; exit 1; } >&2

# Jedis and its dependencies; the CHKV modules and what they need are the image's own
cp="$jar"
for lib in "$root"/chkv.bench/target/lib/*.jar; do
  case $(basename "$lib") in chkv.*|netty-*|kryo-*|minlog-*|reflectasm-*|objenesis-*) ;; *) cp+=":$lib" ;; esac
done
# (the store module is named so that the image's baked --enable-native-access finds it)
"$image/bin/java" --add-modules chkv.store.offheap -cp "$cp" chkv.bench.ClientBench \
  "chkv://$namenode?secret-file=$work/cluster/cluster-secret" "$datanode" "${1:-8}" "${2:-16}" "${3:-5}" "${4:-3}" \
  | tee "$work/results"
echo
echo "median over the rounds: chkv-client / jedis"
python3 - "$work/results" <<'PY'
import sys, statistics, collections
ratios = collections.defaultdict(list)
for line in open(sys.argv[1]):
    w = line.split()
    ratios[w[1]].append(float(w[-1]))
for workload, r in ratios.items():
    print(f"{workload:14} {statistics.median(r):.2f} ({min(r):.2f}-{max(r):.2f})")
PY
