#!/usr/bin/env bash
# HTTP load on `oversight serve`: builds the release binaries, generates a corpus (MB MiB, default
# 100), indexes it, serves it on 127.0.0.1:PORT and runs wrk with 64 connections for 30 s over the
# 200-query mix. Prints requests/s, latency percentiles, non-2xx responses and the server's RSS.
#
#   benches/http-load.sh [MB]        env: PORT (default 3917), DURATION (30s), CONNECTIONS (64),
#                                    THREADS (2), BENCH_DIR (default /tmp/oversight-http-MB),
#                                    SKIP_BUILD=1 to use the release binaries already built,
#                                    SERVE_ARGS (e.g. "--cache-entries 0" to measure searches,
#                                    not the response cache)
set -euo pipefail

MB="${1:-100}"
PORT="${PORT:-3917}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
BENCH_DIR="${BENCH_DIR:-/tmp/oversight-http-$MB}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ -z "${SKIP_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release -p oversight -p oversight-benches --bins)
fi

CORPUS="$BENCH_DIR/corpus"
INDEX="$BENCH_DIR/index"
if [ ! -f "$CORPUS/.bench-meta.tsv" ]; then
  "$TARGET/release/bench-corpus" --mb "$MB" --out "$CORPUS" --no-heaps
fi
"$TARGET/release/oversight" index --corpus "$CORPUS" --index "$INDEX"

"$TARGET/release/oversight" serve --corpus "$CORPUS" --index "$INDEX" --addr "127.0.0.1:$PORT" \
  ${SERVE_ARGS:-} >"$BENCH_DIR/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
STARTED=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$BENCH_DIR/serve.log" >&2; exit 1; }
  sleep 0.05
done
FIRST=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$(head -1 "$CORPUS/.bench-urls.txt")")
echo "ready after $(echo "$(date +%s.%N) - $STARTED" | bc) s; first query ${FIRST} s"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/wrk-mix.lua" \
  "http://127.0.0.1:$PORT" -- "$CORPUS/.bench-urls.txt" | tee "$BENCH_DIR/wrk.txt"

grep -E '^(VmRSS|VmHWM|RssAnon|RssFile)' "/proc/$SERVER/status" | sed 's/^/server /'
