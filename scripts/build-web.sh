#!/usr/bin/env bash
# Builds the web app (web/, docs/web.md) into web/dist: `npm ci` only when package-lock.json changed or
# node_modules is missing, `npm run build` only when a source changed. Quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.npm-ci-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "web: npm ci (package-lock.json changed or node_modules missing)"
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
if [ ! -f dist/index.html ] || [ "$stamp" -nt dist/index.html ] ||
   [ -n "$(find src index.html vite.config.ts tsconfig.json -newer dist/index.html -print -quit)" ]; then
  echo "web: npm run build"
  npm run build --silent
fi
