#!/bin/sh
# Builds gitml and installs the `gitml` command.
#
#   ./install.sh                 build, install into $PREFIX (default ~/.local)
#   ./install.sh --init REPO     ... then set REPO up (`gitml -C REPO init`)
#   ./install.sh --prefix DIR    install into DIR/bin and DIR/share/gitml
#
# Needs only a JDK (17 or later) and git: the Maven Wrapper fetches Maven. Safe to run again.
set -eu

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

PREFIX=${PREFIX:-$HOME/.local}
INIT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --init) [ $# -ge 2 ] || { usage >&2; exit 2; }; INIT=$2; shift 2 ;;
    --prefix) [ $# -ge 2 ] || { usage >&2; exit 2; }; PREFIX=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")"
SRC=$(pwd)

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  JAVA=$(command -v java)
else
  echo "install.sh: no java found: install a JDK 17 or later (or set JAVA_HOME)" >&2
  exit 1
fi
command -v git >/dev/null 2>&1 || { echo "install.sh: git is not installed" >&2; exit 1; }

echo "Building gitml..."
./mvnw -q -B -DskipTests package

SHARE="$PREFIX/share/gitml"
BIN="$PREFIX/bin"
mkdir -p "$SHARE" "$BIN"
cp agent/target/gitml.jar "$SHARE/gitml.jar.tmp"
mv -f "$SHARE/gitml.jar.tmp" "$SHARE/gitml.jar"

# SQLite's native library, extracted once here rather than to a temporary file on every start.
NATIVE_LIB=""
rm -rf "$SHARE/native"
OS_ARCH=$("$JAVA" -cp "$SHARE/gitml.jar" org.sqlite.util.OSInfo 2>/dev/null || true)
JAR_TOOL="$(dirname "$(readlink -f "$JAVA")")/jar"
if [ -n "$OS_ARCH" ]; then
  UNPACK=$(mktemp -d)
  if command -v unzip >/dev/null 2>&1; then
    (cd "$UNPACK" && unzip -q "$SHARE/gitml.jar" "org/sqlite/native/$OS_ARCH/*") 2>/dev/null || true
  elif [ -x "$JAR_TOOL" ]; then
    (cd "$UNPACK" && "$JAR_TOOL" xf "$SHARE/gitml.jar" "org/sqlite/native/$OS_ARCH/") 2>/dev/null || true
  fi
  LIB=$(ls "$UNPACK/org/sqlite/native/$OS_ARCH/" 2>/dev/null | head -n 1)
  if [ -n "$LIB" ]; then
    mkdir -p "$SHARE/native"
    mv "$UNPACK/org/sqlite/native/$OS_ARCH/$LIB" "$SHARE/native/$LIB"
    NATIVE_LIB=$LIB
  fi
  rm -rf "$UNPACK"
fi

# The options that name it, quoted in the launcher's text (the prefix may have spaces). Its
# temporary directory is set there too: at each start SQLite looks through that directory for
# copies of itself left by other processes, and /tmp can be large.
NATIVE_WORDS=""
if [ -n "$NATIVE_LIB" ]; then
  NATIVE_WORDS="\"-Dorg.sqlite.lib.path=$SHARE/native\" \"-Dorg.sqlite.lib.name=$NATIVE_LIB\""
  NATIVE_WORDS="$NATIVE_WORDS \"-Dorg.sqlite.tmpdir=$SHARE/native\""
fi

# The client for the commands the running daemon answers (`gitml search`, `gitml show`): perl
# starts in milliseconds where a JVM takes a tenth of a second. Optional: without perl, or with no
# daemon running, every command starts its own JVM.
cp launcher/gitml-client.pl "$SHARE/gitml-client.pl.tmp"
mv -f "$SHARE/gitml-client.pl.tmp" "$SHARE/gitml-client.pl"
PERL=$(command -v perl 2>/dev/null || true)

# The launcher. Serial GC and C1 only: gitml's commands are short, and start-up is most of them.
# The ones that read or write a whole store (an import, an export, a backfill, a migration) take
# the parallel collector: a serial collection stops their reading, redacting and storing threads
# all at once (a warmed-up import of a Cursor transcript: 8 MB/s serial, 12 parallel), and it
# starts as fast.
cat > "$BIN/gitml.tmp" <<LAUNCHER
#!/bin/sh
# gitml launcher, written by $SRC/install.sh
JAR="$SHARE/gitml.jar"
CDS="$SHARE/gitml.jsa"
# a quick read goes to the daemon when one runs (exit 222: it did not take it, run it here)
word=\${1:-}
[ "\$word" = -C ] && word=\${3:-}
gc=-XX:+UseSerialGC
case \$word in
  sessions|export|backfill|migrate)
    gc=-XX:+UseParallelGC
    ;;
  search|show)
    sock=\${GITML_HOME:-\${XDG_STATE_HOME:-\$HOME/.local/state}/gitml}/daemon.sock
    if [ "\${GITML_IN_PROCESS:-}" != 1 ] && [ -S "\$sock" ] && [ -x "$PERL" ]; then
      "$PERL" "$SHARE/gitml-client.pl" "\$sock" "\$@"
      rc=\$?
      [ "\$rc" -eq 222 ] || exit "\$rc"
    fi
    ;;
esac
set -- \$gc -XX:TieredStopAtLevel=1 -XX:-UsePerfData "-Dgitml.launcher=$BIN/gitml" $NATIVE_WORDS \${GITML_JAVA_OPTS:-} -jar "\$JAR" "\$@"
if [ -f "\$CDS" ]; then
  set -- -XX:SharedArchiveFile="\$CDS" -Xlog:cds=off -Xlog:cds+dynamic=off "\$@"
fi
exec "$JAVA" "\$@"
LAUNCHER
chmod 755 "$BIN/gitml.tmp"
mv -f "$BIN/gitml.tmp" "$BIN/gitml"

# Class-data sharing: record the classes that typical commands load, then dump them (with the
# JDK's own) into a static archive that later starts map instead of loading and verifying them
# (docs/targets.md: `gitml stats` in 0.2 s). A dynamic archive would leave out picocli, whose class
# files are too old for it. Without an archive gitml works, only starts slower.
rm -f "$SHARE/gitml.jsa"
TRAIN=$(mktemp -d)
JVM_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ErrorFile=/dev/null"
record() {
  list="$TRAIN/$1.classlist"
  shift
  GITML_HOME="$TRAIN/home" "$JAVA" $JVM_OPTS "-XX:DumpLoadedClassList=$list" \
    ${NATIVE_LIB:+"-Dorg.sqlite.lib.path=$SHARE/native"} \
    ${NATIVE_LIB:+"-Dorg.sqlite.lib.name=$NATIVE_LIB"} ${NATIVE_LIB:+"-Dorg.sqlite.tmpdir=$SHARE/native"} \
    -jar "$SHARE/gitml.jar" "$@" >/dev/null 2>&1
}
# Two commits for a backfill to read (JGit, the diff, the redactor: what the daemon loads too),
# made whatever the user's git configuration says about identities, signing and hooks.
commit_twice() {
  set -- git -C "$TRAIN/repo" -c user.name=gitml -c user.email=gitml@localhost \
    -c commit.gpgsign=false -c core.hooksPath=/dev/null
  printf 'one\ntwo\n' > "$TRAIN/repo/a.txt" && "$@" add a.txt && "$@" commit -q -m one \
    && printf 'one\none and a half\ntwo\n' > "$TRAIN/repo/a.txt" \
    && printf 'def f():\n    token = "x"\n' > "$TRAIN/repo/b.py" \
    && "$@" add a.txt b.py && "$@" commit -q -m two
}
if git init -q "$TRAIN/repo" 2>/dev/null \
  && record init -C "$TRAIN/repo" init --no-hooks --no-backfill \
  && { { commit_twice >/dev/null 2>&1 && record backfill -C "$TRAIN/repo" backfill; } \
       || rm -f "$TRAIN/backfill.classlist"; } \
  && record stats -C "$TRAIN/repo" stats --json \
  && record status -C "$TRAIN/repo" status --json \
  && record version --version \
  && cat "$TRAIN"/*.classlist | awk '!seen[$0]++' > "$TRAIN/all.classlist" \
  && "$JAVA" $JVM_OPTS -Xshare:dump -XX:SharedClassListFile="$TRAIN/all.classlist" \
     "-XX:SharedArchiveFile=$SHARE/gitml.jsa" -cp "$SHARE/gitml.jar" >/dev/null 2>&1 \
  && "$JAVA" "-XX:SharedArchiveFile=$SHARE/gitml.jsa" -Xshare:on $JVM_OPTS \
     -jar "$SHARE/gitml.jar" --version >/dev/null 2>&1
then :; else
  rm -f "$SHARE/gitml.jsa"
  echo "note: no class-data sharing archive (this JVM could not make one); gitml starts slower"
fi
rm -rf "$TRAIN"

# A daemon of the gitml installed before keeps running that code (and its index schema) until it
# exits: stop it, the next hook or `gitml daemon start` starts this one.
GITML_IN_PROCESS=1 "$BIN/gitml" daemon stop >/dev/null 2>&1 || true

echo "Installed $BIN/gitml ($("$BIN/gitml" --version))"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) echo "note: $BIN is not on your PATH; add it, e.g. export PATH=\"$BIN:\$PATH\"" ;;
esac

if [ -n "$INIT" ]; then
  "$BIN/gitml" -C "$INIT" init
fi
