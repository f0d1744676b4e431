#!/usr/bin/env bash
# How fast ranges move when a fourth node joins three, CHKV against Redis Cluster on this machine,
# in the same run:
#
#   bench/move-bench.sh [keys, default 1000000]
#
# CHKV: a NameNode, three DataNodes and a proxy as `./chkv` starts them (their defaults), KEYS
# keys of 16 bytes with 100-byte values piped in through the proxy with `redis-cli --pipe`; then
# a fourth DataNode joins. Prints the keys the joiner received (against the ideal quarter), the
# time from its start to the settled epoch (polled with `./chkv status`), each source's own
# hand-over time as it logs it, and keys/s and MB/s (key and value bytes) over the whole join.
# REDIS_ONLY=1 runs the Redis part alone.
# Redis: three cluster-enabled redis-servers without persistence, the same keys piped to their
# owners, a fourth empty master added, and `redis-cli --cluster rebalance
# --cluster-use-empty-masters` timed. Needs redis-server, redis-cli (7.x) and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys=${1:-1000000}
for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "move-bench.sh: $tool not found on the PATH" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale
export CHKV_NO_BUILD=1

work=$(mktemp -d)
# every process started writes its pid here: start_role runs in a command substitution, whose
# variables do not reach this shell
cleanup() {
  local pids; pids=$(cat "$work"/*.pid 2>/dev/null || true)
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in $pids; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# a free port whose cluster-bus port (port + 10000) is free too, as Redis Cluster needs
free_port() {
  python3 -c '
import random, socket
while True:
    p = random.randint(20000, 40000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
        print(p); break
    except OSError:
        pass'
}
now() { python3 -c 'import time; print(time.monotonic())'; }

# RESP for SET k<16 digits> <100 bytes>, for keys i with (slot owner) == wanted, or all when none given
python3 - "$keys" > "$work/all.resp" <<'EOF'
import sys
n = int(sys.argv[1]); out = sys.stdout.buffer; v = b"v" * 100
for i in range(n):
    k = b"k%015d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$16\r\n" + k + b"\r\n$100\r\n" + v + b"\r\n")
EOF

start_role() { # name args... -> prints host:port once ready
  local name=$1; shift
  "$root/chkv" "$@" > "$work/$name.out" 2> "$work/$name.log" &
  echo $! > "$work/$name.pid"
  for _ in $(seq 1 300); do
    if grep -qE 'ready on [0-9.]+:[0-9]+' "$work/$name.out"; then
      grep -oE 'ready on [0-9.]+:[0-9]+' "$work/$name.out" | head -1 | cut -d' ' -f3; return
    fi
    sleep 0.1
  done
  echo "move-bench.sh: $name did not start; log:" >&2; cat "$work/$name.log" >&2; exit 1
}
status() { "$root/chkv" status --namenode "$nn" --cluster-secret-file "$work/secret"; }
settled() { # expected up count
  local s; s=$(status) || return 1
  [ "$(grep -c ' up ' <<<"$s")" -eq "$1" ] && ! grep -qE 'moving|joining' <<<"$s"
}

if [ -z "${REDIS_ONLY:-}" ]; then
echo "== CHKV: $keys keys, 3 DataNodes, a 4th joins"
echo "secret-$RANDOM$RANDOM" > "$work/secret"
nn=$(start_role namenode namenode --port 0 --data-dir "$work/nn" --cluster-secret-file "$work/secret")
for i in 1 2 3; do
  start_role "datanode-$i" datanode --namenode "$nn" --port 0 --cluster-secret-file "$work/secret" >/dev/null
  until settled "$i"; do sleep 0.2; done
done
proxy=$(start_role proxy proxy --namenode "$nn" --port 0 --cluster-secret-file "$work/secret")
until [ "$(redis-cli -p "${proxy##*:}" SET move-bench-probe x 2>/dev/null)" = OK ]; do sleep 0.1; done
redis-cli -p "${proxy##*:}" DEL move-bench-probe >/dev/null
redis-cli -p "${proxy##*:}" --pipe < "$work/all.resp" | tail -1
t0=$(now)
joiner=$(start_role datanode-4 datanode --namenode "$nn" --port 0 --cluster-secret-file "$work/secret")
until settled 4; do sleep 0.1; done
t1=$(now)
moved=$(redis-cli -p "${joiner##*:}" DBSIZE)
python3 - "$t0" "$t1" "$moved" "$keys" <<'EOF'
import sys
t0, t1, moved, keys = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = t1 - t0
print(f"chkv: joiner holds {moved} keys ({100*moved/keys:.1f}% of {keys}, ideal 25%); join to settled epoch "
      f"{secs:.2f} s: {moved/secs:,.0f} keys/s, {moved*116/secs/1e6:.1f} MB/s")
EOF
grep -h 'handed .* in ' "$work"/datanode-[123].log | sed 's/.* - /  source: /' || true
fi

echo "== Redis Cluster: the same keys, 3 masters, a 4th added and rebalanced"
rports=()
for i in 1 2 3 4; do
  p=$(free_port); rports+=("$p")
  mkdir -p "$work/r$i"
  redis-server --port "$p" --bind 127.0.0.1 --dir "$work/r$i" --cluster-enabled yes --save '' --appendonly no \
      --daemonize no --logfile "$work/r$i/log" &
  echo $! > "$work/redis-$i.pid"
done
for p in "${rports[@]}"; do until redis-cli -p "$p" PING >/dev/null 2>&1; do sleep 0.1; done; done
redis-cli --cluster create "127.0.0.1:${rports[0]}" "127.0.0.1:${rports[1]}" "127.0.0.1:${rports[2]}" \
  --cluster-replicas 0 --cluster-yes >/dev/null
until [ "$(redis-cli -p "${rports[0]}" CLUSTER INFO | grep -c 'cluster_state:ok')" = 1 ]; do sleep 0.2; done
# pipe each key to the master that owns its slot
python3 - "$keys" "$work" "${rports[0]}" "${rports[1]}" "${rports[2]}" <<'EOF'
import subprocess, sys
n, work, ports = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
def crc16(b):
    crc = 0
    for x in b:
        crc ^= x << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc
owner = [None] * 16384
for p in ports:
    out = subprocess.run(["redis-cli", "-p", p, "CLUSTER", "MYID"], capture_output=True, text=True).stdout.strip()
    nodes = subprocess.run(["redis-cli", "-p", p, "CLUSTER", "NODES"], capture_output=True, text=True).stdout
    for line in nodes.splitlines():
        f = line.split()
        if f[0] == out:
            for r in f[8:]:
                a, _, b = r.partition("-")
                for s in range(int(a), int(b or a) + 1):
                    owner[s] = p
files = {p: open(f"{work}/r-{p}.resp", "wb") for p in ports}
v = b"v" * 100
for i in range(n):
    k = b"k%015d" % i
    files[owner[crc16(k) % 16384]].write(b"*3\r\n$3\r\nSET\r\n$16\r\n" + k + b"\r\n$100\r\n" + v + b"\r\n")
for f in files.values():
    f.close()
EOF
for p in "${rports[0]}" "${rports[1]}" "${rports[2]}"; do redis-cli -p "$p" --pipe < "$work/r-$p.resp" | tail -1; done
# every node must agree on the configuration before a node is added, and again before rebalancing
until redis-cli --cluster check "127.0.0.1:${rports[0]}" >/dev/null 2>&1; do sleep 0.5; done
redis-cli --cluster add-node "127.0.0.1:${rports[3]}" "127.0.0.1:${rports[0]}" >/dev/null
until [ "$(redis-cli -p "${rports[3]}" CLUSTER INFO | grep -c 'cluster_known_nodes:4')" = 1 ]; do sleep 0.2; done
until redis-cli --cluster check "127.0.0.1:${rports[0]}" >/dev/null 2>&1; do sleep 0.5; done
# a master that just joined answers CLUSTERDOWN (and so fails MIGRATE's RESTORE) until its own
# cluster state turns ok, a few seconds later
for p in "${rports[@]}"; do
  until [ "$(redis-cli -p "$p" CLUSTER INFO | grep -c 'cluster_state:ok')" = 1 ]; do sleep 0.2; done
done
# an attempt that moves nothing (a node not yet agreeing) is fixed up and tried again; only the
# attempt that moves the keys is timed
for attempt in $(seq 1 10); do
  t0=$(now)
  redis-cli --cluster rebalance "127.0.0.1:${rports[0]}" --cluster-use-empty-masters >> "$work/rebalance.out" 2>&1 || true
  t1=$(now)
  [ "$(redis-cli -p "${rports[3]}" DBSIZE)" -gt 0 ] && break
  redis-cli --cluster fix "127.0.0.1:${rports[0]}" --cluster-yes >> "$work/rebalance.out" 2>&1 || true
  sleep 1
done
moved=$(redis-cli -p "${rports[3]}" DBSIZE)
[ "$moved" -gt 0 ] || { echo "move-bench.sh: redis-cli --cluster rebalance moved nothing:" >&2; grep -v '^#*$' "$work/rebalance.out" | head -20 >&2; }
python3 - "$t0" "$t1" "$moved" "$keys" <<'EOF'
import sys
t0, t1, moved, keys = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = t1 - t0
print(f"redis: new master holds {moved} keys ({100*moved/keys:.1f}% of {keys}); rebalance {secs:.2f} s: "
      f"{moved/secs:,.0f} keys/s, {moved*116/secs/1e6:.1f} MB/s")
EOF
