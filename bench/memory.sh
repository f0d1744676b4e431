#!/usr/bin/env bash
# Resident memory that 1,000,000 keys (16-byte keys `key:%012d`, 100-byte values) add to a
# process, as the kernel reports it (VmRSS in /proc/<pid>/status, before vs after loading),
# for the heap store, the off-heap store and redis-server, in one run:
#   bench/memory.sh [keys]
# Prints bytes/key for each and the ratio of each store to Redis. Needs Linux, redis-server and
# redis-cli (7.x) on the PATH, and builds chkv.bench like bench/jmh.sh (BENCH_NO_BUILD=1 skips).
#
# JVM flags, and why:
# - both stores: -XX:+UseCompactObjectHeaders (8-byte headers; what the server image runs with).
# - heap: G1 with MinHeapFreeRatio=5/MaxHeapFreeRatio=10. The data is the heap, so every page the
#   collector touched while loading stays resident unless the heap shrinks; the explicit GC the
#   probe runs after loading lets G1 uncommit all but 10% free. Serial and Parallel GC do not
#   give the young generation back and measured about 1.5x higher. -Xmx1g is only a ceiling.
# - offheap: Serial GC and a small, fixed heap (-Xms16m -Xmx64m). The data lives in native
#   memory, so the Java heap holds only the process's own objects; every page of a large heap
#   that the allocator touched would count in RSS and hide the saving. Serial GC has no GC
#   worker threads and no remembered sets to pay for.
# The probe compiles the write path on a throwaway store before its baseline, so JIT code is not
# counted as data; Redis's baseline is a freshly started server.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
keys=${1:-1000000}
jar="$root/chkv.bench/target/chkv.bench-0.1.0-SNAPSHOT.jar"

stale() {
  [ ! -f "$jar" ] || [ -n "$(find "$root/chkv.bench/src" "$root/chkv.store.heap/src" \
      "$root/chkv.store.offheap/src" -newer "$jar" -type f -print -quit)" ]
}
if [ "${BENCH_NO_BUILD:-0}" != 1 ] && stale; then
  "$root/mvnw" -B -q -f "$root/pom.xml" -pl chkv.bench -am install -DskipTests >&2
fi
jdk=$("$root/mvnw" -B -v 2>/dev/null | sed -n 's/.*runtime: //p' | head -n 1) # the JDK ./mvnw would pick
if [ ! -x "$jdk/bin/java" ]; then
  echo "memory.sh: no JDK 25 found by ./mvnw (got '$jdk')" >&2
  exit 1
fi
for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "memory.sh: $tool not found on the PATH" >&2; exit 1; }
done

probe() { # $1 = store name, then JVM flags; prints bytes/key
  local name=$1; shift
  local line
  line=$("$jdk/bin/java" -XX:+UseCompactObjectHeaders "$@" \
      -cp "$jar:$root/chkv.bench/target/lib/*" chkv.bench.MemoryProbe "$name" "$keys")
  echo "  $line" >&2
  sed -n 's/.*bytes_per_key=\([0-9.]*\).*/\1/p' <<<"$line"
}

rss_kb() { sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }

redis_bytes_per_key() {
  local port pid before after
  for ((port = 20000 + RANDOM % 20000; ; port++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break # nothing listens: free
  done
  # its output must not hold the pipe of the $(...) this function runs in
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
      --logfile '' >/dev/null 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  for ((i = 0; i < 100; i++)); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  before=$(rss_kb "$pid")
  awk -v n="$keys" 'BEGIN {
    v = sprintf("%100s", ""); gsub(/ /, "x", v)
    for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$100\r\n%s\r\n", i, v
  }' | redis-cli -p "$port" --pipe >/dev/null
  local dbsize
  dbsize=$(redis-cli -p "$port" dbsize)
  after=$(rss_kb "$pid")
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  wait "$pid" 2>/dev/null || true
  trap - EXIT
  [ "$dbsize" = "$keys" ] || { echo "memory.sh: redis holds $dbsize keys (expected: $keys)" >&2; exit 1; }
  echo "  redis-server pid=$pid rss_before_kb=$before rss_after_kb=$after" >&2
  awk -v a="$after" -v b="$before" -v n="$keys" 'BEGIN { printf "%.1f\n", (a - b) * 1024 / n }'
}

echo "RSS growth for $keys keys (16-byte keys, 100-byte values):" >&2
heap=$(probe heap -XX:+UseG1GC -Xmx1g -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10)
offheap=$(probe offheap -XX:+UseSerialGC -Xms16m -Xmx64m)
redis=$(redis_bytes_per_key)

printf '%-8s %10s %12s %8s\n' store bytes/key "x Redis" target
awk -v h="$heap" -v o="$offheap" -v r="$redis" 'BEGIN {
  printf "%-8s %10.1f %12.2f %8s\n", "redis", r, 1, "-"
  printf "%-8s %10.1f %12.2f %8s\n", "heap", h, h / r, "<= 1.20"
  printf "%-8s %10.1f %12.2f %8s\n", "offheap", o, o / r, "<= 0.85"
}'
