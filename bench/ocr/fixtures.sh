#!/usr/bin/env bash
# CER of trawl, and of the plain `tesseract IMAGE - -l LANG` command, on the OCR fixtures
# that have ground truth (tests/fixtures/ocr/*.gt.txt): the hard cases the page
# preparation of docs/ocr.md is for (transparency, fax pixels, small text, shadows, skew,
# white on black, two columns, several pages). Report only; no goal. See bench/ocr/README.md.
# Environment:
#   TRAWL_BIN   trawl binary        (default: <repo>/build/app/trawl)
#   FIXTURES    fixtures folder     (default: <repo>/tests/fixtures/ocr)
#   BENCH_WORK  scratch folder      (default: /tmp/trawl-ocr-fixtures)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TRAWL_BIN=${TRAWL_BIN:-$REPO/build/app/trawl}
FIXTURES=${FIXTURES:-$REPO/tests/fixtures/ocr}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-ocr-fixtures}
[[ -x $TRAWL_BIN ]] || { echo "fixtures.sh: no trawl binary at $TRAWL_BIN (set TRAWL_BIN)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "fixtures.sh: python3 is needed" >&2; exit 1; }
HAVE_TESSERACT=0
command -v tesseract >/dev/null && HAVE_TESSERACT=1
mkdir -p "$BENCH_WORK"

cer() { # REF HYP -> "12.34%"
  python3 "$HERE/cer.py" "$1" "$2" | python3 -c 'import json, sys; print("%.2f%%" % (100 * json.load(sys.stdin)["ws"]["cer"]))'
}

printf '%-28s %6s %9s %9s  %s\n' fixture pages trawl tesseract "trawl languages, confidence"
for gt in "$FIXTURES"/*.gt.txt; do
  stem=${gt%.gt.txt}
  doc=
  for ext in png jpg tif pdf; do [[ -f $stem.$ext ]] && doc=$stem.$ext && break; done
  [[ -n $doc ]] || continue
  name=$(basename "$doc")
  case $name in
    *-ko.*) lang=kor ;;
    *-ru.*) lang=rus ;;
    *) lang=eng ;;
  esac
  hyp=$BENCH_WORK/${name%.*}.trawl.txt
  json=$BENCH_WORK/${name%.*}.json
  OMP_THREAD_LIMIT=1 "$TRAWL_BIN" extract --json "$doc" >"$json" 2>/dev/null || true
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d.get("text", ""))' "$json" >"$hyp" 2>/dev/null || : >"$hyp"
  info=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); o = d.get("ocr") or {}
print(len(o.get("pages", [])), o.get("languages", "-"), o.get("mean_confidence", "-"))' "$json" 2>/dev/null || echo "0 - -")
  read -r pages langs conf <<<"$info"
  base=n/a
  if ((HAVE_TESSERACT)) && [[ $doc != *.pdf ]]; then
    bhyp=$BENCH_WORK/${name%.*}.tesseract.txt
    OMP_THREAD_LIMIT=1 tesseract "$doc" - -l "$lang" 2>/dev/null | tr -d '\f' >"$bhyp" || : >"$bhyp"
    base=$(cer "$gt" "$bhyp")
  fi
  printf '%-28s %6s %9s %9s  %s, %s\n' "$name" "$pages" "$(cer "$gt" "$hyp")" "$base" "$langs" "$conf"
done
