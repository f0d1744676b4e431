#!/usr/bin/env bash
# A client that pipelines thousands of GETs of a 60 KB value in one write and never reads its
# replies, beside a second client that sends PING every 5 ms, against the shipped node per store
# (`./chkv datanode --standalone --store X`, no other flag) and redis-server, in one run:
#   bench/stall.sh [pipelined GETs, default 5000] [pings, default 400]
# Prints, per server: the worst and p99 PING round trip, how much the server's resident memory
# grew meanwhile, and (for the node) how long SIGTERM took to stop it with the client still there.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gets=${1:-5000}
pings=${2:-400}
stores=${STORES:-heap offheap}

for tool in redis-server redis-cli python3; do
  command -v "$tool" >/dev/null || { echo "stall: $tool not found (apt-get install redis-server redis-tools)" >&2; exit 1; }
done
"$root/chkv" --version >/dev/null   # builds the runtime image first when it is stale

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pid=
stop() { [ -z "$pid" ] || { kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; }; }
trap stop EXIT

# The stalling client and the pinger; prints "worst_ms p99_ms grown_kb" and keeps the stalled
# connection open until its stdin closes, so SIGTERM is timed with the client still there.
probe=$(cat <<'PY'
import socket, sys, time
port, pid, gets, pings = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
def conn():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s
def read_exactly(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise EOFError("closed")
        got += chunk
    return got
pinger = conn()
value = b"v" * (60 * 1024)
pinger.sendall(b"*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$%d\r\n%s\r\n" % (len(value), value))
assert read_exactly(pinger, 5) == b"+OK\r\n"
before = rss_kb()
staller = conn()
staller.sendall(b"GET big\r\n" * gets)
times = []
for _ in range(pings):
    start = time.perf_counter()
    try:
        pinger.sendall(b"PING\r\n")
        assert read_exactly(pinger, 7) == b"+PONG\r\n"
        times.append(time.perf_counter() - start)
    except (socket.timeout, EOFError):
        times.append(10.0)
        break
    time.sleep(0.005)
grown = rss_kb() - before
times.sort()
print("%.1f %.1f %d" % (times[-1] * 1000, times[int(len(times) * 0.99) - 1] * 1000, grown), flush=True)
sys.stdin.read()
PY
)

measure() { # $1: redis | heap | offheap
  local port
  port=$(free_port)
  if [ "$1" = redis ]; then
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
  else
    CHKV_NO_BUILD=1 "$root/chkv" datanode --standalone --port "$port" --store "$1" >/dev/null 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 300); do
    redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  local fifo result stopped_ms=- t0
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  python3 -c "$probe" "$port" "$pid" "$gets" "$pings" <"$fifo" >"$fifo.out" &
  local probe_pid=$!
  exec 7>"$fifo"
  for _ in $(seq 1 600); do [ -s "$fifo.out" ] && break; sleep 0.1; done
  result=$(cat "$fifo.out")
  t0=$(date +%s%N)
  kill -TERM "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if ! kill -0 "$pid" 2>/dev/null; then stopped_ms=$(( ($(date +%s%N) - t0) / 1000000 )); fi
  exec 7>&-
  wait "$probe_pid" 2>/dev/null || true
  rm -f "$fifo" "$fifo.out"
  stop
  read -r worst p99 grown <<<"$result"
  printf '%-8s worst PING %8s ms  p99 %8s ms  grew %8s KB  SIGTERM to exit %s ms\n' "$1" "$worst" "$p99" "$grown" "$stopped_ms"
}

for server in redis $stores; do
  measure "$server"
done
