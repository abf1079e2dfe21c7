#!/bin/sh
# Builds the benchmarks (fetching their corpus from Maven Central once) and runs one of them:
#   bench/run.sh CompressionBench [--sweep]
#   bench/run.sh StorageBench [N]
# Installs gitml under bench/work/prefix first, so command timings are what a user gets.
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbench -DskipTests -pl bench -am package
# The installed command, as a user runs it (class-data sharing, native SQLite extracted once).
PREFIX="$(pwd)/bench/work/prefix" ./install.sh >/dev/null
CLASS=$1
shift
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dgitml.command="$(pwd)/bench/work/prefix/bin/gitml" -Dgitml.shared="${GITML_SHARED:-../shared}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "dev.gitml.bench.$CLASS" "$@"
