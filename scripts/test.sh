#!/usr/bin/env bash
# The README's test command: installs what the build needs (Debian packages), builds,
# and runs every test through ctest. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/npm-test-deps.sh   # warcio (npm): an independent reader of our WARC files
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
cmake --build "$BUILD_DIR" -j "$(nproc)"
cd "$BUILD_DIR"
ctest -j "$(nproc)" --output-on-failure --timeout 600
