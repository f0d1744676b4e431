#!/usr/bin/env bash
# Runs the JMH benchmarks of chkv.bench on a JDK 25, passing every argument to JMH, e.g.
#   bench/jmh.sh StoreBenchmark -f 1 -wi 2 -i 3 -r 2s
#   bench/jmh.sh -l                      # list the benchmarks
# Builds the bench module (and what it needs) first when its jar is missing or older than the
# sources of the bench and the stores; BENCH_NO_BUILD=1 skips that. The JDK is the one ./mvnw
# picks (JAVA_HOME when it is 25+, otherwise the newest 25+ in the usual install locations), so
# both scripts and the build always agree on it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/chkv.bench/target/chkv.bench-0.1.0-SNAPSHOT.jar"

stale() {
  [ ! -f "$jar" ] || [ -n "$(find "$root/chkv.bench/src" "$root/chkv.store.support/src" "$root/chkv.store.heap/src" \
      "$root/chkv.store.offheap/src" -newer "$jar" -type f -print -quit)" ]
}

if [ "${BENCH_NO_BUILD:-0}" != 1 ] && stale; then
  "$root/mvnw" -B -q -f "$root/pom.xml" -pl chkv.bench -am install -DskipTests >&2
fi

# ask the launcher which JDK it runs Maven on, rather than repeating its search here
jdk=$("$root/mvnw" -B -v 2>/dev/null | sed -n 's/.*runtime: //p' | head -n 1)
if [ ! -x "$jdk/bin/java" ]; then
  echo "jmh.sh: no JDK 25 found by ./mvnw (got '$jdk')" >&2
  exit 1
fi

exec "$jdk/bin/java" -cp "$jar:$root/chkv.bench/target/lib/*" org.openjdk.jmh.Main "$@"
