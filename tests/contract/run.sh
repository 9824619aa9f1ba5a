#!/usr/bin/env bash
# Contract test: schemathesis generates requests for every operation of the service's OpenAPI
# document (/api/v1/openapi.json) and checks every answer: no 5xx, status codes and content types
# the document declares, bodies that match the declared schemas.
#
#   tests/contract/run.sh            # full pass (200 examples per operation)
#   tests/contract/run.sh --quick    # CI pass (20 examples per operation)
#
# Needs `pip install schemathesis`. OVERSIGHT_BIN=path skips the release build.
set -euo pipefail
source "$(dirname "$0")/../support-serve.sh"

examples=200
[[ "${1:-}" == "--quick" ]] && examples=20

cp -r "$REPO/corpus" "$WORK/corpus"
start_server "$WORK/corpus" "$WORK/index"
cd "$WORK"
echo "contract: schemathesis against $BASE, $examples examples per operation"
schemathesis run "$BASE/api/v1/openapi.json" \
    --url "$BASE" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples "$examples" \
    --request-timeout 15 \
    --seed "${CONTRACT_SEED:-1}" \
    --report junit --report-dir "$WORK/report" \
    --no-color
