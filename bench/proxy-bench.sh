#!/usr/bin/env bash
# The CHKV proxy in front of a local cluster (`./chkv local-cluster`, its defaults) against
# twemproxy (nutcracker) in front of as many redis-servers, and one standalone DataNode, in one run:
#   bench/proxy-bench.sh [rounds, default 3]
# redis-benchmark SET and GET, 100-byte values, 50 clients, pipeline 1 and 16. Servers take turns
# test by test within each round; prints each figure and the median ratio CHKV proxy / twemproxy.
# Needs redis-server, redis-benchmark and nutcracker (apt-get install redis-server redis-tools
# nutcracker).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
nodes=${DATANODES:-3}
requests_p1=${REQUESTS_P1:-200000}
requests_p16=${REQUESTS_P16:-1000000}

for tool in redis-server redis-benchmark redis-cli nutcracker python3; do
  command -v "$tool" >/dev/null || { echo "proxy-bench: $tool not found" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
await() { # $1 port
  for _ in $(seq 1 300); do
    redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  echo "proxy-bench: nothing answers on $1" >&2
  exit 1
}

# twemproxy over redis-servers
servers=""
for i in $(seq 1 "$nodes"); do
  p=$(free_port)
  redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  pids+=($!)
  await "$p"
  servers+="    - 127.0.0.1:$p:1"$'\n'
done
twem=$(free_port)
cat >"$work/nutcracker.yml" <<YML
bench:
  listen: 127.0.0.1:$twem
  hash: murmur
  distribution: ketama
  redis: true
  auto_eject_hosts: false
  servers:
$servers
YML
nutcracker -c "$work/nutcracker.yml" -s "$(free_port)" >/dev/null 2>&1 &
pids+=($!)
await "$twem"

# the CHKV cluster, as a user starts it
cp=$(free_port)
CHKV_NO_BUILD=1 "$root/chkv" local-cluster --datanodes "$nodes" --port 0 --dir "$work/cluster" >"$work/cluster.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q '^ready' "$work/cluster.out" 2>/dev/null && break; sleep 0.1; done
chkv_proxy=$(sed -n 's/^proxy .*:\([0-9]*\)$/\1/p' "$work/cluster.out")
[ -n "$chkv_proxy" ] || { echo "proxy-bench: local-cluster did not start:"; cat "$work/cluster.out"; exit 1; } >&2
await "$chkv_proxy"
# one standalone DataNode, for what the proxy's hop costs
direct=$(free_port)
CHKV_NO_BUILD=1 "$root/chkv" datanode --standalone --port "$direct" >/dev/null 2>&1 &
pids+=($!)
await "$direct"

bench() { # $1 port, $2 test, $3 pipeline -> requests per second
  local n=$requests_p1
  [ "$3" = 1 ] || n=$requests_p16
  redis-benchmark -p "$1" -q -c 50 -d 100 -P "$3" -n "$n" -t "$2" -r 100000 2>/dev/null \
    | tr '\r' '\n' | sed -n 's/.*: \([0-9.]*\) requests per second.*/\1/p' | tail -n 1
}
# warm-up: every endpoint, both tests
for port in "$twem" "$chkv_proxy" "$direct"; do bench "$port" set 16 >/dev/null; bench "$port" get 16 >/dev/null; done

results=$work/results
for round in $(seq 1 "$rounds"); do
  for test in set get; do
    for pipeline in 1 16; do
      for who in twemproxy chkv-proxy direct-datanode; do
        case $who in twemproxy) port=$twem ;; chkv-proxy) port=$chkv_proxy ;; *) port=$direct ;; esac
        rps=$(bench "$port" "$test" "$pipeline")
        echo "$round $test P$pipeline $who $rps" | tee -a "$results"
      done
    done
  done
done
echo
echo "median over $rounds rounds: chkv-proxy / twemproxy, and chkv-proxy / one direct DataNode"
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, test, p, who, rps = line.split()
    rows[(test, p, r)][who] = float(rps)
for test in ("set", "get"):
    for p in ("P1", "P16"):
        vs_twem = [v["chkv-proxy"] / v["twemproxy"] for (t, pp, _), v in rows.items() if t == test and pp == p]
        vs_direct = [v["chkv-proxy"] / v["direct-datanode"] for (t, pp, _), v in rows.items() if t == test and pp == p]
        print(f"{test.upper():4} {p:4} vs twemproxy {statistics.median(vs_twem):.2f} ({min(vs_twem):.2f}-{max(vs_twem):.2f})"
              f"   vs direct {statistics.median(vs_direct):.2f}")
PY
