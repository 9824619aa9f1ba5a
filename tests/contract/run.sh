#!/usr/bin/env bash
# Contract test: schemathesis generates requests for every operation of the service's OpenAPI
# document (/api/v1/openapi.json) and checks every answer: no 5xx, status codes and content types
# the document declares, bodies that match the declared schemas.
#
#   tests/contract/run.sh            # full pass (200 examples per operation)
#   tests/contract/run.sh --quick    # CI pass (20 examples per operation)
#
# The document routes get real ids: the script asks the running service for the ids of a page of
# documents and hands them to schemathesis as a dictionary that path parameter `id` draws from half
# of the time (the other half is generated, for the 404 answers); passage ordinals draw from 0-2.
# The OpenAPI document itself names no document. At the end it prints how many requests each route
# got, by status, from the service's own /metrics.
#
# Uses `schemathesis` from PATH, else installs it from PyPI into a virtual environment under
# ~/.cache/oversight-contract. OVERSIGHT_BIN=path skips the release build.
set -euo pipefail
source "$(dirname "$0")/../support-serve.sh"

if ! command -v schemathesis >/dev/null; then
    venv="$HOME/.cache/oversight-contract"
    [[ -x "$venv/bin/schemathesis" ]] || {
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet 'schemathesis>=4.32,<5'
    }
    PATH="$venv/bin:$PATH"
fi

examples=200
[[ "${1:-}" == "--quick" ]] && examples=20

cp -r "$REPO/corpus" "$WORK/corpus"
start_server "$WORK/corpus" "$WORK/index"
cd "$WORK"
ids=$(curl -sf "$BASE/api/v1/search?q=&per_page=20" |
    python3 -c 'import json, sys; print(json.dumps([hit["doc_id"] for hit in json.load(sys.stdin)["hits"]]))')
[[ "$ids" != "[]" ]] || { echo "the service has no documents to test the document routes with" >&2; exit 1; }
cat >"$WORK/schemathesis.toml" <<TOML
[dictionaries.document-ids]
values = $ids

[dictionaries.ordinals]
values = [0, 1, 2]

[parameters]
"path.id" = { dictionary = "document-ids", probability = 0.5 }
"path.n" = { dictionary = "ordinals", probability = 0.5 }
TOML
echo "contract: schemathesis against $BASE, $examples examples per operation, $(echo "$ids" | tr -cd , | wc -c | awk '{print $1 + 1}') real document ids"
status=0
schemathesis --config-file "$WORK/schemathesis.toml" run "$BASE/api/v1/openapi.json" \
    --url "$BASE" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "$examples" \
    --request-timeout 15 \
    --seed "${CONTRACT_SEED:-1}" \
    --report junit --report-dir "$WORK/report" \
    --no-color || status=$?
echo "contract: requests per route and status (from /metrics):"
curl -sf "$BASE/metrics" | awk '/^http_requests_total/ { sub(/^http_requests_total/, ""); print "  " $0 }' | sort
exit $status
