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
# gitml's own classes from this build's target/classes, never a gitml jar: one installed in
# ~/.m2 by an earlier `mvn install` would be stale, and the figures would not be this code's.
GITML_CLASSES="bench/target/classes:storage/target/classes:collector/target/classes:storage/target/test-classes"
OTHERS="$(tr ':' '\n' <bench/target/classpath.txt | grep -v -e '/dev/gitml/' -e '/gitml-[a-z]*-[0-9][^/]*\.jar$' | paste -sd: -)"
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -Dgitml.command="$(pwd)/bench/work/prefix/bin/gitml" -Dgitml.shared="${GITML_SHARED:-../shared}" \
  -cp "$GITML_CLASSES:$OTHERS" "dev.gitml.bench.$CLASS" "$@"
