#!/usr/bin/env bash
# Installs the Debian 12 packages Caravan needs, only those missing. Quick when nothing is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  clang libclang-rt-14-dev                      # libFuzzer targets
  libfmt-dev libcli11-dev nlohmann-json3-dev libhowardhinnant-date-dev libzip-dev zlib1g-dev libxxhash-dev libprotozero-dev
  libboost-dev libyaml-cpp-dev wrk               # the HTTP server (Beast/Asio), its spec test, bench/serve.sh
  libsqlite3-dev libsodium-dev libpqxx-dev postgresql  # the register: its stores and secrets
  libgtest-dev libgmock-dev libbenchmark-dev
)
# The web app (web/, docs/web.md) needs Node.js 18 or later and npm; Debian's packages when none is
# installed (an image may bring its own, newer one, which is kept).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
[ "$#" -gt 0 ] && packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
