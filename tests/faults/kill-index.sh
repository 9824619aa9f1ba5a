#!/usr/bin/env bash
# Crash safety at scale: 20 SIGKILLs at random moments of `oversight index` (10 during rebuilds,
# 10 during incremental updates) of a generated corpus of 300 documents; after each the published
# index answers the probe searches as before and the next run completes. Also the full-disk and
# read-only cases. OVERSIGHT_FAULT_SEED=N replays a run; OVERSIGHT_FAULT_RELEASE=1 builds the
# binary and the test in release (minutes instead of half an hour for the default 300 files).
#
#   tests/faults/kill-index.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OVERSIGHT_FAULT_FILES=${OVERSIGHT_FAULT_FILES:-300} OVERSIGHT_FAULT_KILLS=${OVERSIGHT_FAULT_KILLS:-20} \
    cargo test ${OVERSIGHT_FAULT_RELEASE:+--release} --test faults -- --nocapture --test-threads 1
