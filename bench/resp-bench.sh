#!/usr/bin/env bash
# redis-benchmark against a standalone DataNode (each store) and redis-server, interleaved in
# one run, so every ratio compares servers measured side by side on the same machine.
#
#   bench/resp-bench.sh            # 5 rounds; 400k requests per test at P1, 2M at P16
#   ROUNDS=7 REQUESTS_P1=600000 STORES="offheap" bench/resp-bench.sh
#
# Per round, every server starts fresh and all of them run side by side, each warmed up with two
# unmeasured SET+GET passes. Then, per pipeline depth (1 and 16) and test (SET, GET), each test's
# requests are split into SLICES slices (default 4) and the servers take turns slice by slice,
# the order reversed after every slice (A B C, C B A, A B C, ...), so each server's slices sit
# around the same moment: this machine's speed swings by tens of percent from one second to the
# next and drifts over a minute, and a drift that is linear over a test cancels exactly. The
# first server changes from round to round, so none always follows the same one. A server's
# figure for a test is its requests over the time its slices took. An idle server costs the
# measured one next to nothing (a timer tick).
# Prints every round, then per store and test the median ratio store/redis and its spread
# (min..max). JVM throughput at pipeline 16 swings a lot from run to run: read the median, not
# one round. Each slice runs for a second or more: a 200k-request test at P16 ends in half a
# second, where one GC pause or recompilation decides the figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=${ROUNDS:-5}
requests_p1=${REQUESTS_P1:-400000}
requests_p16=${REQUESTS_P16:-2000000}
warmup=${WARMUP:-1000000}
slices=${SLICES:-4}
stores=${STORES:-heap offheap}
clients=50
size=100
# The nodes run with the JVM options ./chkv ships for their store; JLINK_VM_OPTIONS, if set,
# is passed on as a user's would be.

for tool in redis-server redis-benchmark redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "resp-bench: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pids=()
stop_servers() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_servers EXIT

start_server() { # $1: redis | heap | offheap; $2: port
  if [ "$1" = redis ]; then
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  else
    CHKV_NO_BUILD=1 "$root/chkv" datanode --standalone --port "$2" --store "$1" >/dev/null 2>&1 &
  fi
  pids+=($!)
  for _ in $(seq 1 300); do
    redis-cli -p "$2" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "resp-bench: $1 did not answer on port $2" >&2
  exit 1
}

results=$(mktemp)
servers=(redis $stores)
for round in $(seq 1 "$rounds"); do
  # rotate who goes first, so no server always follows the same one
  n=${#servers[@]}
  order=()
  for i in $(seq 0 $((n - 1))); do order+=("${servers[$(( (i + round - 1) % n ))]}"); done
  reversed=()
  for ((i = n - 1; i >= 0; i--)); do reversed+=("${order[$i]}"); done
  declare -A port=()
  for server in "${order[@]}"; do
    port[$server]=$(free_port)
    start_server "$server" "${port[$server]}"
  done
  for server in "${order[@]}"; do
    # Unmeasured warm-up, the same for every server: a JVM starts interpreted and reaches
    # its steady state only after the JIT compiled the hot path (on 2 shared cores that
    # takes ~10 s of load); a server runs for weeks. Two SET+GET passes, because code
    # compiled while only SETs ran is recompiled once GETs arrive, and the first SETs after
    # that are slow again for about a second; a server in use sees both all along.
    for _ in 1 2; do
      redis-benchmark -h 127.0.0.1 -p "${port[$server]}" -t set,get -n "$warmup" -c "$clients" \
          -d "$size" -P 16 -r 1000000 -q >/dev/null 2>&1
    done
  done
  for pipeline in 1 16; do
    if [ "$pipeline" = 1 ]; then requests=$requests_p1; else requests=$requests_p16; fi
    per_slice=$((requests / slices))
    for test in set get; do
      for slice in $(seq 1 "$slices"); do
        if [ $((slice % 2)) -eq 1 ]; then turn=("${order[@]}"); else turn=("${reversed[@]}"); fi
        for server in "${turn[@]}"; do
          redis-benchmark -h 127.0.0.1 -p "${port[$server]}" -t "$test" -n "$per_slice" -c "$clients" \
              -d "$size" -P "$pipeline" -r 1000000 -q --csv 2>/dev/null \
            | awk -F'"' -v s="$server" -v r="$round" -v p="$pipeline" -v n="$per_slice" \
                'NR > 1 && $2 != "" { printf "%s %s P%s %s %s %.0f\n", r, s, p, $2, n, $4 }' >> "$results"
        done
      done
    done
  done
  stop_servers
  unset port
  echo "round $round done" >&2
done

echo "round server pipeline test requests/s (over its slices)"
python3 - "$results" <<'PY'
import collections, statistics, sys
requests = collections.Counter()
seconds = collections.Counter()
for line in open(sys.argv[1]):
    r, server, p, test, n, v = line.split()
    requests[(r, server, p, test)] += int(n)
    seconds[(r, server, p, test)] += int(n) / float(v)
rps = {k: requests[k] / seconds[k] for k in requests}
for (r, server, p, test), v in rps.items():
    print(f"{r} {server} {p} {test} {v:.0f}")
print()
print("ratios store/redis per round: median (min..max)")
by = collections.defaultdict(list)
for (r, server, p, test), v in rps.items():
    if server != "redis" and (r, "redis", p, test) in rps:
        by[(server, p, test)].append(v / rps[(r, "redis", p, test)])
for (server, p, test), ratios in sorted(by.items()):
    print(f"{server:8} {p:4} {test:4} {statistics.median(ratios):.2f}  "
          f"({min(ratios):.2f}..{max(ratios):.2f}, {len(ratios)} rounds)")
PY
rm -f "$results"
