#!/usr/bin/env bash
# The test command: installs what the tests need when it can, says what to install when it
# cannot, then runs every test of the workspace (every test binary, whatever fails first).
# Arguments are passed to `cargo test`.
#
#   ./test.sh
#
# The web page is tested in a real browser: Chromium driven by ChromeDriver (Debian's `chromium`
# and `chromium-driver`; CHROME_BIN and CHROMEDRIVER name other binaries). The fault cases that
# mount a tmpfs or a read-only bind mount need root; as root they run too, otherwise `cargo test`
# counts them as ignored and this script says how to run them.
set -euo pipefail
cd "$(dirname "$0")"

chromium=${CHROME_BIN:-/usr/bin/chromium}
chromedriver=${CHROMEDRIVER:-/usr/bin/chromedriver}
is_root=false
[[ $(id -u) == 0 ]] && is_root=true

if [[ ! -x $chromium || ! -x $chromedriver ]]; then
    if $is_root && command -v apt-get >/dev/null; then
        echo "test.sh: installing chromium and chromium-driver for the browser tests" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        cat >&2 <<MESSAGE
test.sh: the browser tests need Chromium at $chromium and ChromeDriver at $chromedriver.
  On Debian or Ubuntu: sudo apt-get install chromium chromium-driver
  Elsewhere: install both and set CHROME_BIN and CHROMEDRIVER to their paths.
MESSAGE
        exit 1
    fi
fi

cargo test --workspace --no-fail-fast "$@"

if $is_root; then
    cargo test --test faults -- --ignored
else
    echo "test.sh: the fault cases that mount file systems were ignored (not root);" \
        "run them with: sudo cargo test --test faults -- --ignored" >&2
fi
