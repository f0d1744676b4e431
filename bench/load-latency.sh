#!/usr/bin/env bash
# How long a server keeps other clients waiting while it loads: N keys (16-byte keys, 100-byte
# values) are piped in with `redis-cli --pipe` while a second client sends PING every 5 ms and
# times each round trip. For each store, started as a user starts it, and for redis-server, in
# the same run:
#
#   bench/load-latency.sh [keys]            # 5,000,000 keys by default
#   STORES=heap ROUNDS=2 bench/load-latency.sh 1000000
#
# Each server starts fresh, one at a time (`./chkv datanode --standalone --store S --port P` with
# no flags of its own, or `redis-server` without persistence); the pinger runs from a second
# before the load until a second after it. A PING waits for its reply before the next is sent,
# so one stall shows as one long round trip, not as many; only PINGs sent during the load
# count. Prints per server the load time and
# the PING round trips' p50, p99, p99.9 and max, in milliseconds, and the machine's load average
# as the load ended (a loaded machine alone stretches the worst PINGs). JLINK_VM_OPTIONS reaches the
# node as from a user's shell (named when set). KEEP=DIR keeps each round's server log and PING
# timeline there (DIR/ROUND-SERVER.log, DIR/ROUND-SERVER.rtt: send time, round trip), to lay
# beside a GC log. Needs python3, redis-server and redis-cli (7.x).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keys=${1:-5000000}
stores=${STORES:-heap offheap}
rounds=${ROUNDS:-1}

for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "load-latency.sh: $tool not found on the PATH" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale
if [ -n "${JLINK_VM_OPTIONS:-}" ]; then
  echo "load-latency.sh: JLINK_VM_OPTIONS='$JLINK_VM_OPTIONS' is set: these are not the shipped defaults" >&2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_pid=
pinger_pid=
work=$(mktemp -d)
stop() {
  for p in $pinger_pid $server_pid; do
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  pinger_pid=
  server_pid=
}
trap 'stop; rm -rf "$work"' EXIT

start_server() { # $1: redis | heap | offheap; $2: port
  if [ "$1" = redis ]; then
    redis-server --port "$2" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        >"$work/$1.log" 2>&1 &
  else
    "$root/chkv" datanode --standalone --store "$1" --port "$2" >"$work/$1.log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 300); do
    redis-cli -p "$2" ping 2>/dev/null | grep -q PONG && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "load-latency.sh: $1 did not answer on port $2:" >&2
  cat "$work/$1.log" >&2
  exit 1
}

# PING every 5 ms until SIGTERM; then one line per PING: when it was sent (epoch s), round trip (ms).
pinger() { # $1: port; $2: output file
  exec python3 - "$1" "$2" <<'PY' # exec: SIGTERM must reach python itself
import signal, socket, sys, time
port, out = int(sys.argv[1]), sys.argv[2]
running = True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
rtts = []
while running:
    sent, start = time.time(), time.perf_counter()
    s.sendall(b"PING\r\n")
    reply = b""
    while not reply.endswith(b"\r\n"):
        chunk = s.recv(64)
        if not chunk:
            raise SystemExit("pinger: connection closed")
        reply += chunk
    rtts.append((sent, (time.perf_counter() - start) * 1000))
    if reply != b"+PONG\r\n":
        raise SystemExit(f"pinger: reply: {reply!r} (expected: +PONG)")
    time.sleep(0.005)
with open(out, "w") as f:
    f.writelines(f"{t:.6f} {r:.3f}\n" for t, r in rtts)
PY
}

echo "PING round trips while $keys keys (16-byte keys, 100-byte values) are piped in:" >&2
results="$work/results"
for round in $(seq 1 "$rounds"); do
  for server in redis $stores; do
    port=$(free_port)
    start_server "$server" "$port"
    pinger "$port" "$work/rtt" &
    pinger_pid=$!
    sleep 1
    load_start=$(date +%s.%N)
    reply=$(awk -v n="$keys" 'BEGIN {
      v = sprintf("%100s", ""); gsub(/ /, "x", v)
      for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$100\r\n%s\r\n", i, v
    }' | redis-cli -p "$port" --pipe 2>&1 | tail -n 1)
    load_end=$(date +%s.%N)
    grep -q 'errors: 0,' <<<"$reply" || { echo "load-latency.sh: $server: redis-cli: $reply" >&2; exit 1; }
    sleep 1
    kill -TERM "$pinger_pid"
    wait "$pinger_pid" || { echo "load-latency.sh: $server: the pinger failed" >&2; exit 1; }
    pinger_pid=
    stop
    if [ -n "${KEEP:-}" ]; then
      mkdir -p "$KEEP"
      cp "$work/$server.log" "$KEEP/$round-$server.log"
      cp "$work/rtt" "$KEEP/$round-$server.rtt"
    fi
    # the machine's 1-minute load average as the load ended: on a shared machine, read a
    # figure beside what else was running
    echo "$round $server $load_start $load_end $(cut -d' ' -f1 /proc/loadavg) $(awk -v a="$load_start" \
        -v b="$load_end" '$1 >= a && $1 <= b { printf " %s", $2 }' "$work/rtt")" >>"$results"
    echo "  round $round: $server done" >&2
  done
done
python3 - "$results" <<'PY'
import sys
def pct(xs, p):
    return xs[min(len(xs) - 1, int(len(xs) * p))]
print(f"{'round':>5} {'server':8} {'load s':>7} {'pings':>6} {'p50 ms':>7} {'p99 ms':>7} {'p99.9 ms':>8} "
      f"{'max ms':>7} {'loadavg':>7}")
for line in open(sys.argv[1]):
    r, server, start, end, loadavg, *rtts = line.split()
    xs = sorted(float(x) for x in rtts)
    print(f"{r:>5} {server:8} {float(end) - float(start):7.1f} {len(xs):6d} {pct(xs, .5):7.2f} "
          f"{pct(xs, .99):7.2f} {pct(xs, .999):8.2f} {xs[-1]:7.2f} {loadavg:>7}")
PY
