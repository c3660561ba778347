#!/usr/bin/env bash
# The test command: installs what is missing, builds (Release with tests) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh chromium fonts-wqy-microhei   # the web app's end-to-end tests: Debian's chromium, a CJK font
scripts/build.sh release
scripts/build-web.sh
ctest --test-dir build/release --output-on-failure -j"$(nproc)" --timeout 600
# The web app (docs/web.md): unit tests under Node's test runner, then end to end in headless chromium
# against a real `caravan serve` (screenshots in build/web-screenshots).
(cd web && npm run --silent test:unit)
(cd web && npm run --silent test:e2e)
echo "tests took $(( $(date +%s) - start )) s"
