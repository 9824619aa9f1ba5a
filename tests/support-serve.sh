# Shared by the scripts under tests/: find or build the binary, make a work folder, start
# `oversight serve` on an ephemeral loopback port and stop it on exit. Source it; it sets
# REPO, BIN, WORK and, after `start_server CORPUS INDEX`, BASE and SERVER_PID.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ -z "${OVERSIGHT_BIN:-}" ]]; then
    (cd "$REPO" && cargo build --release --quiet)
    OVERSIGHT_BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/oversight"
fi
BIN=$OVERSIGHT_BIN
WORK=$(mktemp -d)
SERVER_PID=

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# start_server CORPUS INDEX: serves INDEX (after indexing CORPUS) and waits for its address.
# SERVE_ARGS adds arguments to `serve` (e.g. "--cache-entries 0": every request searched).
start_server() {
    # shellcheck disable=SC2086 # SERVE_ARGS is a list of arguments
    "$BIN" serve --addr 127.0.0.1:0 --corpus "$1" --index "$2" ${SERVE_ARGS:-} 2>"$WORK/serve.log" &
    SERVER_PID=$!
    for _ in $(seq 600); do
        BASE=$(grep -o 'at http://[0-9.:]*' "$WORK/serve.log" | head -1 | sed 's/^at //' || true)
        [[ -n "$BASE" ]] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; return 1; }
        sleep 0.1
    done
    echo "the server never said where it listens" >&2
    return 1
}
