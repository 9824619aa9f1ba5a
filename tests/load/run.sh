#!/usr/bin/env bash
# Load under reindex: wrk drives `oversight serve` with 64 connections for 60 s over a query mix
# (query-mix.lua) on a generated corpus while `oversight index --rebuild` publishes a new
# generation, twice in one server life (ROUNDS). Fails unless every request succeeded, each new
# generation is served and the heap stays flat after the first round; prints, per round, the requests, failures, p50/p99 latency and the server's
# memory before, after and at its peak, split into RssAnon (heap) and RssFile (mapped index files).
#
#   tests/load/run.sh                       # 300 generated documents, 64 connections, 60 s, 2 rounds
#   DOCS=100 DURATION=10s tests/load/run.sh # a short pass
#
# Needs wrk (`apt-get install wrk`). OVERSIGHT_BIN=path skips the release build.
set -euo pipefail
source "$(dirname "$0")/../support-serve.sh"

docs=${DOCS:-300}
duration=${DURATION:-60s}
connections=${CONNECTIONS:-64}
rounds=${ROUNDS:-2}

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

generation() {
    curl -sf "$BASE/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'
}

# memory: the server's VmRSS, RssAnon (heap and stacks) and RssFile (mapped index files), in MiB.
memory() {
    awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/$SERVER_PID/status"
}

# Samples the server's RssAnon and RssFile every half second into $WORK/samples until stopped.
sample_memory() {
    while kill -0 "$SERVER_PID" 2>/dev/null; do
        awk '/^RssAnon:/ {anon = $2} /^RssFile:/ {file = $2} END {print anon, file}' "/proc/$SERVER_PID/status"
        sleep 0.5
    done >>"$WORK/samples"
}

# round N: one load of $duration while a rebuild publishes a new generation; prints its figures and
# returns non-zero on any failure.
round() {
    local n=$1 wrk_out="$WORK/wrk-$1.txt" generation_before generation_after memory_before
    generation_before=$(generation)
    memory_before=$(memory)
    : >"$WORK/samples"
    sample_memory &
    local sampler_pid=$!
    wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency -s "$(dirname "$0")/query-mix.lua" "$BASE" >"$wrk_out" &
    local wrk_pid=$!
    sleep 2
    local rebuild_started
    rebuild_started=$(date +%s.%N)
    "$BIN" index --rebuild --corpus "$WORK/corpus" --index "$WORK/index" >/dev/null 2>"$WORK/index-$n.log" &
    local index_pid=$!
    wait "$wrk_pid"
    local published_during_load=yes
    kill -0 "$index_pid" 2>/dev/null && published_during_load=no
    wait "$index_pid"
    local rebuild_seconds
    rebuild_seconds=$(echo "$(date +%s.%N) - $rebuild_started" | bc)
    sleep 2
    kill "$sampler_pid" 2>/dev/null || true
    wait "$sampler_pid" 2>/dev/null || true
    generation_after=$(generation)

    cat "$wrk_out"
    local requests non_2xx socket_errors p50 p99 peak
    requests=$(awk '/requests in/ {print $1}' "$wrk_out")
    non_2xx=$(awk '/Non-2xx or 3xx responses/ {print $5}' "$wrk_out")
    socket_errors=$(grep -o 'Socket errors:.*' "$wrk_out" || true)
    p50=$(awk '$1 == "50%" {print $2}' "$wrk_out")
    p99=$(awk '$1 == "99%" {print $2}' "$wrk_out")
    peak=$(awk '$1 + $2 > best {best = $1 + $2; anon = $1; file = $2}
        END {printf "RssAnon %d MiB, RssFile %d MiB", anon / 1024, file / 1024}' "$WORK/samples")
    echo "load round $n: $docs documents, $connections connections, $duration; rebuild took ${rebuild_seconds}s"
    echo "load round $n: generation $generation_before -> $generation_after"
    echo "load round $n: requests $requests, non-2xx ${non_2xx:-0}, socket errors: ${socket_errors:-none}"
    echo "load round $n: p50 $p50, p99 $p99"
    echo "load round $n: memory before: $memory_before"
    echo "load round $n: memory after:  $(memory)"
    echo "load round $n: memory at the peak (largest RssAnon + RssFile sampled): $peak"
    local status=0
    [[ -z "$non_2xx" ]] || { echo "FAILED: $non_2xx requests failed" >&2; status=1; }
    [[ -z "$socket_errors" ]] || { echo "FAILED: $socket_errors" >&2; status=1; }
    [[ "$published_during_load" == yes ]] || { echo "FAILED: the rebuild outlasted the load; raise DURATION or lower DOCS" >&2; status=1; }
    [[ "$generation_before" != "$generation_after" ]] || { echo "FAILED: the new generation is not served" >&2; status=1; }
    return $status
}

heap_kib() {
    awk '/^RssAnon:/ {print $2}' "/proc/$SERVER_PID/status"
}

# Warm up, then measure: the same load twice in one server life. Growth in the second round, after
# the first has grown every pool and cache to its working size, is what a leak would show: the heap
# may grow by at most MAX_HEAP_GROWTH_MIB (default 16) from the end of round 1 to the end of the last.
wrk -t2 -c8 -d3s -s "$(dirname "$0")/query-mix.lua" "$BASE" >/dev/null
status=0
for n in $(seq "$rounds"); do
    round "$n" || status=1
    [[ "$n" == 1 ]] && heap_after_first=$(heap_kib)
done
if (( rounds > 1 )); then
    growth_mib=$(( ($(heap_kib) - heap_after_first) / 1024 ))
    echo "load: heap growth after round 1: $growth_mib MiB over $((rounds - 1)) more round(s)"
    (( growth_mib <= ${MAX_HEAP_GROWTH_MIB:-16} )) || { echo "FAILED: the heap kept growing ($growth_mib MiB)" >&2; status=1; }
fi
exit $status
