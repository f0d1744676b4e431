#!/usr/bin/env bash
# The CHKV proxy in front of a local cluster (`./chkv local-cluster`, its defaults) against
# twemproxy (nutcracker) in front of as many redis-servers, and one standalone DataNode, in one run:
#   bench/proxy-bench.sh [rounds, default 3]
# redis-benchmark SET and GET, 100-byte values, 50 clients, pipeline 1 and 16. Servers take turns
# test by test within each round; prints each figure with the 1-minute load average when it was
# taken (the machine may be shared: ratios from one round are what compares), and the median ratio
# CHKV proxy / twemproxy. Beside each figure, the CPU time its servers took per request (the proxy
# and every process of the cluster; nutcracker and its redis-servers; the DataNode), which a busy
# machine disturbs less than requests per second.
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
twem_pids=()
for i in $(seq 1 "$nodes"); do
  p=$(free_port)
  redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  pids+=($!)
  twem_pids+=($!)
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
twem_pids+=($!)
await "$twem"

# the CHKV cluster, as a user starts it
cp=$(free_port)
CHKV_NO_BUILD=1 "$root/chkv" local-cluster --datanodes "$nodes" --port 0 --dir "$work/cluster" >"$work/cluster.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do grep -q '^ready' "$work/cluster.out" 2>/dev/null && break; sleep 0.1; done
chkv_proxy=$(sed -n 's/^proxy .*:\([0-9]*\)$/\1/p' "$work/cluster.out")
[ -n "$chkv_proxy" ] || { echo "proxy-bench: local-cluster did not start:"; cat "$work/cluster.out"; exit 1; } >&2
await "$chkv_proxy"
# its NameNode, DataNodes and proxy: the processes started with its secret
mapfile -t chkv_pids < <(pgrep -f -- "$work/cluster/" | grep -vx "${pids[-1]}")
# one standalone DataNode, for what the proxy's hop costs
direct=$(free_port)
CHKV_NO_BUILD=1 "$root/chkv" datanode --standalone --port "$direct" >/dev/null 2>&1 &
pids+=($!)
direct_pids=($!)
await "$direct"

tck=$(getconf CLK_TCK)
cpu_ticks() { # pids... -> their user + system clock ticks so far
  local sum=0 pid
  for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$sum"
}
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
        case $who in
          twemproxy) port=$twem; servers_of=("${twem_pids[@]}") ;;
          chkv-proxy) port=$chkv_proxy; servers_of=("${chkv_pids[@]}") ;;
          *) port=$direct; servers_of=("${direct_pids[@]}") ;;
        esac
        n=$requests_p1
        [ "$pipeline" = 1 ] || n=$requests_p16
        load=$(cut -d' ' -f1 /proc/loadavg)
        before=$(cpu_ticks "${servers_of[@]}")
        rps=$(bench "$port" "$test" "$pipeline")
        ticks=$(( $(cpu_ticks "${servers_of[@]}") - before ))
        us=$(python3 -c "print(round($ticks / $tck * 1e6 / $n, 1))")
        echo "$round $test P$pipeline $who $rps load=$load cpu_us_per_request=$us" | tee -a "$results"
      done
    done
  done
done
echo
echo "median over $rounds rounds: chkv-proxy / twemproxy, chkv-proxy / one direct DataNode (requests per second)"
python3 - "$results" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(dict)
cpus = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, test, p, who, rps, load, cpu = line.split()
    rows[(test, p, r)][who] = float(rps)
    cpus[(test, p, r)][who] = float(cpu.split("=")[1])
for test in ("set", "get"):
    for p in ("P1", "P16"):
        vs_twem = [v["chkv-proxy"] / v["twemproxy"] for (t, pp, _), v in rows.items() if t == test and pp == p]
        vs_direct = [v["chkv-proxy"] / v["direct-datanode"] for (t, pp, _), v in rows.items() if t == test and pp == p]
        # the inverse ratio of server CPU per request: above 1 when CHKV's servers spend less
        cpu_twem = [v["twemproxy"] / v["chkv-proxy"] for (t, pp, _), v in cpus.items() if t == test and pp == p]
        print(f"{test.upper():4} {p:4} vs twemproxy {statistics.median(vs_twem):.2f} ({min(vs_twem):.2f}-{max(vs_twem):.2f})"
              f"   vs direct {statistics.median(vs_direct):.2f}"
              f"   twemproxy's server CPU per request / CHKV's {statistics.median(cpu_twem):.2f}")
PY
