#!/usr/bin/env bash
# Resident memory that N keys (16-byte keys `key:%012d`, 100-byte values) add to a server as a
# user starts it, loaded over RESP, for each store and for redis-server in the same run:
#
#   bench/memory.sh [keys]                  # 1,000,000 keys by default
#   STORES=offheap ROUNDS=2 bench/memory.sh 10000000
#
# Each server starts fresh, one at a time: `./chkv datanode --standalone --store S --port P`
# with no flags of its own, and `redis-server` without persistence. VmRSS (/proc/<pid>/status)
# is read once the server answers PING and has been idle for a moment, then the keys are piped
# in with `redis-cli --pipe`, and VmRSS is read again once it settles (no change above 0.5% over
# SETTLE_WINDOW seconds, default 5, and at least SETTLE_MIN seconds after the load, default 60,
# at most SETTLE_MAX, default 120), so memory a server gives back after loading counts: the heap
# store's node runs a GC cycle at most 30 s after its last and gives empty heap regions back ten seconds later.
# Prints bytes/key per server and the ratio of each store to Redis. JLINK_VM_OPTIONS reaches the
# node as it would from a user's shell; the script names it when set, as such figures are not
# the shipped defaults. Needs Linux, python3, redis-server and redis-cli (7.x) on the PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys=${1:-1000000}
stores=${STORES:-heap offheap}
rounds=${ROUNDS:-1}
settle_window=${SETTLE_WINDOW:-5}
settle_min=${SETTLE_MIN:-60}
settle_max=${SETTLE_MAX:-120}

for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "memory.sh: $tool not found on the PATH" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale
if [ -n "${JLINK_VM_OPTIONS:-}" ]; then
  echo "memory.sh: JLINK_VM_OPTIONS='$JLINK_VM_OPTIONS' is set: these are not the shipped defaults" >&2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pid=
logs=$(mktemp -d)
stop_server() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=
  fi
}
trap 'stop_server; rm -rf "$logs"' EXIT

rss_kb() { sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }

# Samples VmRSS every second until the last $1 samples lie within 0.5% of each other and at
# least $2 seconds have passed, or $3 seconds have passed; prints "<rss_kb> <seconds>".
settle() {
  local window=$1 min=$2 max=$3 t samples=()
  for ((t = 0; ; t++)); do
    samples+=("$(rss_kb "$pid")")
    if ((t >= max)) || { ((t >= min && ${#samples[@]} >= window)) && python3 -c '
import sys
s = [int(x) for x in sys.argv[1:]]
sys.exit(0 if max(s) - min(s) <= max(s) * 0.005 else 1)' "${samples[@]: -window}"; }; then
      echo "${samples[-1]} $t"
      return
    fi
    sleep 1
  done
}

start_server() { # $1: redis | heap | offheap; $2: port
  if [ "$1" = redis ]; then
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        >"$logs/$1.log" 2>&1 &
  else
    # the launcher execs the JVM, so $! is the node's own process
    "$root/chkv" datanode --standalone --store "$1" --port "$2" >"$logs/$1.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 300); do
    redis-cli -p "$2" ping 2>/dev/null | grep -q PONG && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "memory.sh: $1 did not answer on port $2:" >&2
  cat "$logs/$1.log" >&2
  exit 1
}

measure() { # $1: round; $2: redis | heap | offheap; appends "round server bytes/key" to $results
  local round=$1 server=$2 port before after waited load_start load_s dbsize reply
  port=$(free_port)
  start_server "$server" "$port"
  read -r before _ < <(settle 3 2 10)
  load_start=$(date +%s.%N)
  reply=$(awk -v n="$keys" 'BEGIN {
    v = sprintf("%100s", ""); gsub(/ /, "x", v)
    for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$100\r\n%s\r\n", i, v
  }' | redis-cli -p "$port" --pipe 2>&1 | tail -n 1)
  load_s=$(python3 -c "import sys; print(f'{$(date +%s.%N) - $load_start:.1f}')")
  dbsize=$(redis-cli -p "$port" dbsize)
  if [ "$dbsize" != "$keys" ] || ! grep -q 'errors: 0,' <<<"$reply"; then
    echo "memory.sh: $server holds $dbsize keys (expected: $keys); redis-cli: $reply" >&2
    exit 1
  fi
  read -r after waited < <(settle "$settle_window" "$settle_min" "$settle_max")
  stop_server
  echo "  $server: rss_before=$((before / 1024)) MB rss_after=$((after / 1024)) MB" \
      "load ${load_s} s, settled ${waited} s after it" >&2
  python3 -c "print(f'$round $server {($after - $before) * 1024 / $keys:.1f}')" >>"$results"
}

echo "RSS growth for $keys keys (16-byte keys, 100-byte values), servers as shipped:" >&2
results="$logs/results"
for round in $(seq 1 "$rounds"); do
  for server in redis $stores; do
    measure "$round" "$server"
  done
done
python3 - "$results" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
redis = {r: float(v) for r, s, v in rows if s == "redis"}
target = {"heap": "<= 1.20", "offheap": "<= 0.85"}
print(f"{'round':>5} {'server':8} {'bytes/key':>10} {'x Redis':>8} {'target':>8}")
for r, s, v in rows:
    ratio = float(v) / redis[r]
    print(f"{r:>5} {s:8} {float(v):10.1f} {ratio:8.2f} {target.get(s, '-'):>8}")
PY
