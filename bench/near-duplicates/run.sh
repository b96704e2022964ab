#!/usr/bin/env bash
# The near-duplicate threshold, measured: scripts/make-syndicated.py's copies (one wire
# story on twelve sites per language, six other stories each) ingested, then the simhash
# distances between copies and between different stories, and the clusters the writer
# made. About 20 s. Prints figures; asserts nothing (tests/server_test.cc does).
set -euo pipefail
cd "$(dirname "$0")/../.."
trawl=${TRAWL:-build/app/trawl}
work=${BENCH_WORK:-/tmp/trawl-bench}/near-duplicates
rm -rf "$work" && mkdir -p "$work"
python3 scripts/make-syndicated.py "$work/pages" >/dev/null
"$trawl" ingest --data "$work/data" "$work/pages" >/dev/null
python3 bench/near-duplicates/measure.py "$trawl" "$work/pages" "$work/data"
