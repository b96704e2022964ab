#!/usr/bin/env bash
# bench/entities: entity tagging quality (precision/recall per type and language on
# tests/fixtures/entities) and speed (MB/s on one core with the full UN list loaded).
# See bench/entities/README.md.
#   BUILD_DIR   the CMake build folder (default <repo>/build)
#   UN_LIST     the UN consolidated list XML (default ../shared/corpus/sanctions/...)
#   SPEED_MB    megabytes of text for each speed figure (default 16)
#   SPEED_TEXT  prose for the speed figure (default: real documents of ../shared/corpus,
#               extracted with trawl extract)
#   OUT         JSON results (default /tmp/trawl-entities-bench.json)
#   STRICT=1    exit 1 when a goal fails
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$REPO/build}
CORPUS=$REPO/../shared/corpus
UN_LIST=${UN_LIST:-$CORPUS/sanctions/un_sc_consolidated_list_2025-04-19.xml}
BIN=$BUILD_DIR/bench/entities_bench
TRAWL=$BUILD_DIR/app/trawl
[[ -x $BIN && -x $TRAWL ]] || cmake --build "$BUILD_DIR" --target entities_bench trawl >&2

args=(--fixtures "$REPO/tests/fixtures/entities" --speed-mb "${SPEED_MB:-16}" --json "${OUT:-/tmp/trawl-entities-bench.json}")
if [[ -f $UN_LIST ]]; then args+=(--un "$UN_LIST"); else echo "no UN list at $UN_LIST: names on it are not measured" >&2; fi

SPEED_TEXT=${SPEED_TEXT:-}
if [[ -z $SPEED_TEXT && -d $CORPUS ]]; then
  SPEED_TEXT=$(mktemp /tmp/trawl-entities-prose.XXXXXX)
  trap 'rm -f "$SPEED_TEXT"' EXIT
  # real documents in the three languages (and a few others): their text as trawl extracts it
  for f in "$CORPUS"/encoding/* "$CORPUS"/pdf/*.pdf; do
    timeout 60 "$TRAWL" extract --json "$f" 2>/dev/null |
      python3 -c 'import json, sys; print(json.load(sys.stdin).get("text", ""))' 2>/dev/null || true
  done >"$SPEED_TEXT"
  echo "speed text: $(wc -c <"$SPEED_TEXT") bytes of extracted text from $CORPUS/{encoding,pdf}" >&2
fi
[[ -n $SPEED_TEXT && -s $SPEED_TEXT ]] && args+=(--speed-text "$SPEED_TEXT")

rc=0
"$BIN" "${args[@]}" || rc=$?
# 3 = a goal failed (the figures are printed); other non-zero codes are errors
if [[ $rc == 3 && ${STRICT:-0} != 1 ]]; then rc=0; elif [[ $rc == 3 ]]; then rc=1; fi
exit $rc
