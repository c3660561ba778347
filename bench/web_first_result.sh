#!/usr/bin/env bash
# Time from navigation to the first painted plan result in the web app, cold (a new browser context per
# run: no cache, no stored language), and the built bundle's sizes. Builds nothing: it needs
# build/release's caravan (CARAVAN_BINARY to change it), web/dist (scripts/build-web.sh) and Debian's
# chromium (CHROMIUM to change it). Usage: bench/web_first_result.sh [runs]  (default 10)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec node "$here/web_first_result.mjs" "${1:-10}"
