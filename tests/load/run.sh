#!/usr/bin/env bash
# Load under reindex: wrk drives `oversight serve` with 64 connections for 60 s over a query mix
# (query-mix.lua) on a generated corpus while `oversight index --rebuild` publishes a new
# generation. Fails unless every request succeeded and the new generation is served; prints the
# requests, failures, p50/p99 latency and the server's RSS before and after.
#
#   tests/load/run.sh                       # 300 generated documents, 64 connections, 60 s
#   DOCS=100 DURATION=10s tests/load/run.sh # a short pass
#
# Needs wrk (`apt-get install wrk`). OVERSIGHT_BIN=path skips the release build.
set -euo pipefail
source "$(dirname "$0")/../support-serve.sh"

docs=${DOCS:-300}
duration=${DURATION:-60s}
connections=${CONNECTIONS:-64}

mkdir -p "$WORK/corpus"
seeds=("$REPO"/corpus/*.txt)
# Each copy weaves its marker in after every fourth word, so that near-duplicate detection keeps
# the copies apart as distinct documents.
for i in $(seq 0 $((docs - 1))); do
    marker=$(printf zqgen%05d "$i")
    {
        awk -v marker="$marker" '{ n = split($0, words, " "); line = "";
            for (j = 1; j <= n; j++) { line = line words[j] " "; if (j % 4 == 0) line = line marker " " }
            print line }' "${seeds[$((i % ${#seeds[@]}))]}"
        printf '\n\nGenerated copy %d, marked %s, reviewed on 1 March %d.\n' "$i" "$marker" $((2012 + i % 12))
    } >"$WORK/corpus/gen-$(printf %05d "$i").txt"
done
start_server "$WORK/corpus" "$WORK/index"
generation_before=$(curl -sf "$BASE/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])')
# Warm up, then measure.
wrk -t2 -c8 -d3s -s "$(dirname "$0")/query-mix.lua" "$BASE" >/dev/null
rss_before=$(server_rss_kib)

wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency -s "$(dirname "$0")/query-mix.lua" "$BASE" >"$WORK/wrk.txt" &
wrk_pid=$!
sleep 2
rebuild_started=$(date +%s.%N)
"$BIN" index --rebuild --corpus "$WORK/corpus" --index "$WORK/index" >/dev/null 2>"$WORK/index.log" &
index_pid=$!
wait "$wrk_pid"
published_during_load=yes
kill -0 "$index_pid" 2>/dev/null && published_during_load=no
wait "$index_pid"
rebuild_seconds=$(echo "$(date +%s.%N) - $rebuild_started" | bc)
sleep 2
rss_after=$(server_rss_kib)
generation_after=$(curl -sf "$BASE/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])')

cat "$WORK/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
non_2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$WORK/wrk.txt")
socket_errors=$(grep -o 'Socket errors:.*' "$WORK/wrk.txt" || true)
p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
echo "load: $docs documents, $connections connections, $duration; rebuild took ${rebuild_seconds}s"
echo "load: generation $generation_before -> $generation_after"
echo "load: requests $requests, non-2xx ${non_2xx:-0}, socket errors: ${socket_errors:-none}"
echo "load: p50 $p50, p99 $p99; RSS before $((rss_before / 1024)) MiB, after $((rss_after / 1024)) MiB"
status=0
[[ -z "$non_2xx" ]] || { echo "FAILED: $non_2xx requests failed" >&2; status=1; }
[[ -z "$socket_errors" ]] || { echo "FAILED: $socket_errors" >&2; status=1; }
[[ "$published_during_load" == yes ]] || { echo "FAILED: the rebuild outlasted the load; raise DURATION or lower DOCS" >&2; status=1; }
[[ "$generation_before" != "$generation_after" ]] || { echo "FAILED: the new generation is not served" >&2; status=1; }
exit $status
