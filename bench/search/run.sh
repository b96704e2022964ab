#!/usr/bin/env bash
# trawl search benchmark: GET /api/search over HTTP (wrk, 1 and 8 connections) against the
# same searches run in-process (search_bench), and the page's time to first results in
# Chromium.  See bench/search/README.md.  Environment:
#   BUILD          build folder             (default: <repo>/build)
#   TRAWL_BIN      trawl binary             (default: $BUILD/app/trawl)
#   SEARCH_BENCH   in-process baseline      (default: $BUILD/bench/search_bench)
#   BENCH_WORK     scratch folder, shared with bench/ingest for the real text and its
#                  corpora (default: /tmp/trawl-bench); this bench's own files go to
#                  $BENCH_WORK/search
#   REAL_DOCS      real-text documents      (default: 90000; real_corpus.py)
#   GEN_DOCS       synthetic documents      (default: 10000; gen_corpus.py: ships, IMO numbers)
#   COPY_STEP      one document in COPY_STEP of the real ones gets 1-COPY_MAX
#   COPY_MAX       near-duplicate copies    (defaults: 40, 4; make_copies.py)
#   SEED           corpus seed              (default: 20240611)
#   INGEST_THREADS threads of trawl ingest  (default: 2)
#   INGEST_TIMEOUT seconds                  (default: 5400)
#   INDEX_REUSE    "any": reuse the newest built index even when another trawl binary
#                  built it (the key then no longer names the binary under test)
#   QUERIES        query mix                (default: bench/search/queries.txt)
#   ITERATIONS     in-process runs of the whole mix, after one warm-up (default: 5)
#   DURATION       seconds of each wrk run  (default: 30)
#   CONNECTIONS    wrk connections to run   (default: "1 8")
#   WRK_THREADS    wrk threads              (default: 2; 1 for one connection)
#   PORT           trawl serve's port       (default: 18431)
#   PAGE_RUNS      page loads in Chromium   (default: 5)
#   CHROMIUM       browser                  (default: /usr/bin/chromium)
#   BENCH_SKIP     words out of: inproc http page  (skip those parts)
#   STRICT=1       exit 1 when a goal fails (default: report only)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
INGEST_DIR=$REPO/bench/ingest
BUILD=${BUILD:-$REPO/build}
TRAWL_BIN=${TRAWL_BIN:-$BUILD/app/trawl}
SEARCH_BENCH=${SEARCH_BENCH:-$BUILD/bench/search_bench}
BENCH_WORK=${BENCH_WORK:-/tmp/trawl-bench}
REAL_DOCS=${REAL_DOCS:-90000}
GEN_DOCS=${GEN_DOCS:-10000}
COPY_STEP=${COPY_STEP:-40}
COPY_MAX=${COPY_MAX:-4}
SEED=${SEED:-20240611}
INGEST_THREADS=${INGEST_THREADS:-2}
INGEST_TIMEOUT=${INGEST_TIMEOUT:-5400}
INDEX_REUSE=${INDEX_REUSE:-}
QUERIES=${QUERIES:-$HERE/queries.txt}
ITERATIONS=${ITERATIONS:-5}
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-"1 8"}
WRK_THREADS=${WRK_THREADS:-2}
PORT=${PORT:-18431}
PAGE_RUNS=${PAGE_RUNS:-5}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
BENCH_SKIP=${BENCH_SKIP:-}
STRICT=${STRICT:-0}
SHARED=$(cd "$REPO/.." && pwd)/shared

# shellcheck source-path=SCRIPTDIR source=../ingest/lib.sh
source "$INGEST_DIR/lib.sh"
skip() { [[ " $BENCH_SKIP " == *" $1 "* ]]; }

need_tools /usr/bin/time:time python3:python3 timeout:coreutils groff:groff-base \
  pdftotext:poppler-utils wrk:wrk curl:curl

[[ -x $TRAWL_BIN ]] || { echo "run.sh: no trawl binary at $TRAWL_BIN (set BUILD or TRAWL_BIN)" >&2; exit 2; }
[[ -f $QUERIES ]] || { echo "run.sh: no query mix at $QUERIES" >&2; exit 2; }
mkdir -p "$BENCH_WORK"
BENCH_WORK=$(cd "$BENCH_WORK" && pwd)
WORK=$BENCH_WORK/search
LOG=$WORK/logs
rm -rf "$LOG"
mkdir -p "$WORK" "$LOG"
snapshot_trawl "$WORK/bin"
# the baseline is linked from the same sources: copy it too, so a rebuild during the run
# changes neither
HAVE_INPROC=0
if ! skip inproc; then
  if [[ -x $SEARCH_BENCH ]]; then
    cp -f "$SEARCH_BENCH" "$WORK/bin/search_bench.tmp" && mv -f "$WORK/bin/search_bench.tmp" "$WORK/bin/search_bench"
    SEARCH_BENCH=$WORK/bin/search_bench
    HAVE_INPROC=1
  else
    log "no search_bench at $SEARCH_BENCH (build the target search_bench); in-process figures will be n/a"
  fi
fi

head -n1 /proc/stat >"$WORK/cpu.start"
BENCH_T0=$EPOCHREALTIME
if awk '{ exit !($1 > 0.5) }' /proc/loadavg; then
  log "note: load average is $(cut -d' ' -f1-3 /proc/loadavg); the report checks the CPU other processes use during the run"
fi

# ---------------------------------------------------------------- corpus
# Real text (bench/ingest/real_corpus.py), synthetic shipping text with IMO numbers
# (gen_corpus.py), near-duplicate copies of the real documents (make_copies.py) and the
# syndicated stories of scripts/make-syndicated.py.  The corpora are cached in BENCH_WORK
# by bench/ingest/lib.sh (make_corpus), beside the ones bench/ingest makes.
HERE=$INGEST_DIR make_corpus real "$REAL_DOCS"
REAL_DIR=$CORPUS_DIR
GEN_DIR=
if ((GEN_DOCS > 0)); then
  HERE=$INGEST_DIR make_corpus generated "$GEN_DOCS"
  GEN_DIR=$CORPUS_DIR
fi
LIST_FILE=$(find "$SHARED/corpus/sanctions" -name 'un_sc_consolidated_list_*.xml' 2>/dev/null | sort | tail -n1 || true)

COPIES_DIR=$WORK/copies-$REAL_DOCS
copies_stamp="$(cat "$REAL_DIR.stamp") $COPY_STEP $COPY_MAX $(sha256sum "$HERE/make_copies.py" | cut -c1-64)"
if [[ -f $COPIES_DIR.stamp && $(cat "$COPIES_DIR.stamp") == "$copies_stamp" && -s $COPIES_DIR.json ]]; then
  log "copies: reusing $COPIES_DIR ($(cat "$COPIES_DIR.json"))"
else
  log "copies: writing near-duplicates of one in $COPY_STEP real documents"
  rm -f "$COPIES_DIR.stamp"
  python3 "$HERE/make_copies.py" --step "$COPY_STEP" --max "$COPY_MAX" "$REAL_DIR" "$COPIES_DIR" >"$COPIES_DIR.json"
  echo "$copies_stamp" >"$COPIES_DIR.stamp"
  log "copies: $(cat "$COPIES_DIR.json")"
fi
SYND_DIR=$WORK/syndicated
rm -rf "$SYND_DIR"
python3 "$REPO/scripts/make-syndicated.py" "$SYND_DIR" >"$LOG/syndicated.out" 2>&1
rm -f "$SYND_DIR/manifest.json"

# ---------------------------------------------------------------- index
# Keyed on everything that goes into it: a second run with the same corpus and the same
# trawl reuses it.
index_key=$( {
  echo "real $REAL_DOCS $(cat "$REAL_DIR.stamp")"
  [[ -n $GEN_DIR ]] && echo "gen $GEN_DOCS $(cat "$GEN_DIR.stamp")"
  echo "copies $copies_stamp"
  sha256sum "$REPO/scripts/make-syndicated.py" | cut -c1-64
  [[ -n $LIST_FILE ]] && sha256sum "$LIST_FILE" | cut -c1-64
  echo "threads $INGEST_THREADS"
  sha256sum "$TRAWL_BIN" | cut -c1-64
} | sha256sum | cut -c1-16)
DATA=$WORK/index-$index_key/data
if [[ ! -f $WORK/index-$index_key/ready && $INDEX_REUSE == any ]]; then
  newest=$(ls -td "$WORK"/index-*/ready 2>/dev/null | head -n1 || true)
  if [[ -n $newest ]]; then
    DATA=$(dirname "$newest")/data
    log "index: INDEX_REUSE=any: reusing $(dirname "$newest"), built by another trawl ($(cat "$newest"))"
    index_key=$(basename "$(dirname "$newest")")
    index_key=${index_key#index-}
  fi
fi
INDEX_BUILT=0
if [[ -f $(dirname "$DATA")/ready ]]; then
  log "index: reusing $(dirname "$DATA") ($(cat "$(dirname "$DATA")/ready"))"
else
  # one index at a time: they take GBs
  rm -rf "$WORK"/index-*
  mkdir -p "$DATA"
  if [[ -n $LIST_FILE ]]; then
    "$TRAWL_BIN" lists import --data "$DATA" --name UN "$LIST_FILE" >"$LOG/lists.out" 2>&1 ||
      { cat "$LOG/lists.out" >&2; echo "run.sh: lists import failed" >&2; exit 1; }
  fi
  total=$((REAL_DOCS + GEN_DOCS + $(grep -Eo '"copies": [0-9]+' "$COPIES_DIR.json" | grep -Eo '[0-9]+$')))
  log "index: ingesting about $total documents with $INGEST_THREADS threads into $DATA (10-20 min on 2 cores; progress every 10 s)"
  ingest_paths=("$REAL_DIR")
  [[ -n $GEN_DIR ]] && ingest_paths+=("$GEN_DIR")
  ingest_paths+=("$COPIES_DIR" "$SYND_DIR")
  # progress lines as they come ("trawl: N of M items, ..."), the rest to the log
  (
    set +e
    /usr/bin/time -v -o "$LOG/ingest.time" timeout -k 10 "$INGEST_TIMEOUT" \
      "$TRAWL_BIN" ingest --data "$DATA" --threads "$INGEST_THREADS" "${ingest_paths[@]}" \
      >"$LOG/ingest.out" 2> >(tee "$LOG/ingest.err" | grep --line-buffered -E '^trawl: [0-9]+ of' |
        while IFS= read -r line; do log "index: ${line#trawl: }"; done)
    echo $? >"$LOG/ingest.rc"
  )
  rc=$(cat "$LOG/ingest.rc")
  trawl_summary "$LOG/ingest.out"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$LOG/ingest.time")
  docs=$(trawl_docs "$DATA")
  log "index: rc=$rc, ${T_ING:-?} ingested, ${T_FAIL:-?} failed, $docs documents in $wall"
  if [[ $rc != 0 || -z $docs ]]; then
    echo "run.sh: ingest failed (rc=$rc); see $LOG/ingest.err" >&2
    exit 1
  fi
  printf 'documents %s, ingested %s, failed %s, ingest %s, trawl sha256 %s, %s\n' "$docs" "$T_ING" "$T_FAIL" \
    "$wall" "$(sha256sum "$TRAWL_BIN" | cut -c1-12)" "$(date '+%F %T')" >"$(dirname "$DATA")/ready"
  INDEX_BUILT=1
fi
"$TRAWL_BIN" stats --data "$DATA" --json >"$WORK/stats.json" 2>"$LOG/stats.err" || true
INDEX_BYTES=$(du -sb "$DATA/index" | cut -f1)
log "index: $(grep -Eo '"documents"[[:space:]]*:[[:space:]]*[0-9]+' "$WORK/stats.json" | head -n1), $(grep -Eo '"clusters"[[:space:]]*:[[:space:]]*[0-9]+' "$WORK/stats.json" | head -n1), $((INDEX_BYTES / 1048576)) MB"

#@STAGES@
