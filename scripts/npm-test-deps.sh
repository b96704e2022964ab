#!/usr/bin/env bash
# Installs the node packages the tests use, warcio.js (webrecorder's WARC library, the
# independent reader of tests/warcio_check.mjs), as pinned by tests/node/package-lock.json,
# into tests/node/node_modules (ignored by git; outside build/, which may be deleted).
# Called by scripts/test.sh; safe to run again: nothing is fetched when the installed
# packages are those of the lock file.
set -euo pipefail
cd "$(dirname "$0")/../tests/node"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "npm-test-deps: $tool is not installed (Debian: apt-get install nodejs npm; node >= 18)" >&2
    exit 1
  fi
done
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  echo "npm-test-deps: node $(node --version) is too old: warcio.js needs node >= 18" >&2
  exit 1
fi

STAMP=node_modules/.trawl-package-lock.json
if [[ -f node_modules/warcio/package.json ]] && cmp -s package-lock.json "$STAMP"; then
  exit 0
fi
# npm ci: exactly the lock file's versions and integrity hashes, node_modules made anew;
# no install scripts (none of these packages needs one)
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
cp package-lock.json "$STAMP"
