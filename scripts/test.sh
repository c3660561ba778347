#!/usr/bin/env bash
# The test command: installs what is missing, builds (Release with tests) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh
scripts/build.sh release
ctest --test-dir build/release --output-on-failure -j"$(nproc)" --timeout 600
echo "tests took $(( $(date +%s) - start )) s"
