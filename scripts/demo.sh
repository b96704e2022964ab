#!/usr/bin/env bash
# The README's demo: installs, builds, ingests samples/ and runs example searches in
# Korean, Russian and English. The index goes to ./trawl-data (or $TRAWL_DATA).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null  # (only the trawl target is built)
echo "building trawl (log: build/demo-build.log)..."
cmake --build build -j "$(nproc)" --target trawl >build/demo-build.log 2>&1 || { cat build/demo-build.log; exit 1; }
trawl=build/app/trawl
export TRAWL_DATA=${TRAWL_DATA:-./trawl-data}

run() {
  printf '\n\033[1m$ trawl %s\033[0m\n' "$*"
  "$trawl" "$@"
}

# the UN sanctions list, if the shared corpus is beside the repository (else see README)
un=../shared/corpus/sanctions/un_sc_consolidated_list_2025-04-19.xml
[[ -f $un ]] && run lists import "$un" --name UN
# the scans without their ground-truth text files
scans=(samples/scans/*/*.{jpg,png,tif,pdf})
# one wire story republished by twelve sites in each language, and other stories
python3 scripts/make-syndicated.py build/demo-syndicated >/dev/null
run ingest --report "$TRAWL_DATA/demo-report.jsonl" samples/ko samples/ru samples/en "${scans[@]}" \
  build/demo-syndicated
run stats
run search --limit 3 '북한 선박'                      # Korean: 북한 inside 북한의, 북한은
run search --limit 3 'судно lang:ru'                   # Russian stemming: судна, судном
run search --limit 3 '"ship-to-ship transfer" date:2024-01-01..2024-12-31'
run search --limit 5 '8716344'                         # one vessel, three languages
run search --limit 3 '선하증권 ocr:yes'                 # Korean read from a scanned bill of lading
run search --limit 5 'imo:8716344'                     # the same vessel by its entity term
run search --limit 3 'unscr:2397 lang:ko'              # resolution 2397 in Korean (결의 제2397호)
run search --limit 3 'tanker 환적 AIS'                  # two languages: each script its own alternative
run corroborate '"Korea Bay" transponder'              # twelve copies of one story: one source
echo
echo "Try: $trawl show <id>   $trawl search --json '...'   $trawl extract --json FILE"

# the analysts' page over the demo index (DEMO_SERVE=0 skips it)
if [[ ${DEMO_SERVE:-1} != 0 ]]; then
  listen=${DEMO_LISTEN:-127.0.0.1:8080}
  echo
  printf '\033[1mThe web page: http://%s/\033[0m  (Ctrl-C stops)\n' "$listen"
  echo "  http://$listen/?q=%ED%99%98%EC%A0%81                         환적 (ship-to-ship transfer, Korean)"
  echo "  http://$listen/?q=imo%3A8716344                           one vessel in three languages"
  echo "  http://$listen/?q=%22Korea+Bay%22+transponder&filter=lang%3Aen   a syndicated story: one hit, 12 copies"
  exec "$trawl" serve --listen "$listen"
fi
